from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse as StarletteJSONResponse

from sandbox.common.responses import JSONResponse

ANSWERS: list[Any] = [
    {
        "object": "list",
        "data": [
            {
                "id": "in_1Nq",
                "amount_due": 120_000,
                "currency": "eur",
                "paid": False,
                "due_date": None,
                "lines": {"data": [{"description": "Société Générale — 2 seats, 東京", "quantity": 2}]},
                "metadata": {"note": 'quote " and \\ backslash\nnew line\ttab \u2028 \x01'},
            }
        ],
        "has_more": False,
    },
    {"items": [{"balance": 1234.5, "creditLimit": 0.1, "daysOverdue": 0}], "count": 1, "hasMore": True},
    {"totalSize": 0, "done": True, "records": []},
    [{"errorCode": "MALFORMED_QUERY", "message": "unexpected token: 'FORM'"}],
    {1: "integer key", "2": "string key"},
    "plain string",
    -7,
]


def test_answers_are_the_bytes_starlettes_encoder_writes() -> None:
    for answer in ANSWERS:
        assert JSONResponse(answer).body == StarletteJSONResponse(answer).body
