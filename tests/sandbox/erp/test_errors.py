from __future__ import annotations

import json

from sandbox.erp.errors import Detail, NetSuiteError, error, not_found, problem_type


def test_problem_types_follow_rfc9110_sections():
    assert problem_type(400) == "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1"
    assert problem_type(401) == "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2"
    assert problem_type(404) == "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.5"
    assert problem_type(503) == "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.4"
    assert problem_type(429) == "https://www.rfc-editor.org/rfc/rfc6585.html#section-4"


def test_not_found_is_netsuites_nonexistent_id():
    assert not_found().body() == {
        "type": "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.5",
        "title": "Not Found",
        "status": 404,
        "o:errorDetails": [
            {
                "detail": "The record instance does not exist. Provide a valid record instance ID.",
                "o:errorCode": "NONEXISTENT_ID",
            }
        ],
    }


def test_details_carry_their_location_and_several_are_kept():
    exc = NetSuiteError(
        400, [Detail("a", "INVALID_CONTENT", path="email"), Detail("b", "X", header="Prefer")]
    )
    details = exc.body()["o:errorDetails"]
    assert details == [
        {"detail": "a", "o:errorPath": "email", "o:errorCode": "INVALID_CONTENT"},
        {"detail": "b", "o:errorHeader": "Prefer", "o:errorCode": "X"},
    ]
    response = error(400, "INVALID_PARAMETER", "bad", query_param="limit").response()
    assert response.status_code == 400
    assert response.media_type == "application/vnd.oracle.resource+json; type=error"
    assert json.loads(bytes(response.body))["o:errorDetails"][0]["o:errorQueryParam"] == "limit"
