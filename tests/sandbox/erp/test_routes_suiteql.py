from __future__ import annotations

from tests.sandbox.erp.conftest import SUITEQL, assert_netsuite_error, suiteql


async def test_answer_shape(client, universe):
    response = await suiteql(client, "SELECT id, entityid FROM customer WHERE id = 1000")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/vnd.oracle.resource+json; type=collection"
    assert response.json() == {
        "links": [
            {"rel": "self", "href": "http://erp.test/services/rest/query/v1/suiteql?limit=1000&offset=0"}
        ],
        "count": 1,
        "hasMore": False,
        "items": [{"links": [], "id": "1000", "entityid": universe.customers[0].entity_id}],
        "offset": 0,
        "totalResults": 1,
    }


async def test_prefer_transient_is_required(client):
    response = await client.post(SUITEQL, json={"q": "SELECT id FROM customer"})
    body = assert_netsuite_error(response, 400, "INVALID_HEADER")
    assert body["o:errorDetails"][0]["o:errorHeader"] == "Prefer"
    other = await client.post(
        SUITEQL, json={"q": "SELECT id FROM customer"}, headers={"Prefer": "respond-async"}
    )
    assert_netsuite_error(other, 400, "INVALID_HEADER")
    both = await client.post(
        SUITEQL, json={"q": "SELECT id FROM customer"}, headers={"Prefer": "return=minimal, Transient"}
    )
    assert both.status_code == 200


async def test_paging_walks_every_row_once(client):
    q = "SELECT id, tranid FROM transaction WHERE type = 'CustInvc' ORDER BY trandate DESC"
    total = (await suiteql(client, q, limit=1)).json()["totalResults"]
    assert total > 40
    seen: list[str] = []
    offset = 0
    while True:
        doc = (await suiteql(client, q, limit=40, offset=offset)).json()
        assert doc["offset"] == offset and doc["totalResults"] == total
        assert doc["count"] == len(doc["items"])
        seen += [item["id"] for item in doc["items"]]
        if not doc["hasMore"]:
            assert not any(link["rel"] == "next" for link in doc["links"])
            break
        offset += 40
    assert len(seen) == len(set(seen)) == total


async def test_paging_parameters_are_checked(client):
    q = "SELECT id FROM customer"
    body = assert_netsuite_error(await suiteql(client, q, limit=10, offset=15), 400, "INVALID_PARAMETER")
    assert body["o:errorDetails"][0]["o:errorQueryParam"] == "offset"
    assert_netsuite_error(await suiteql(client, q, limit=1001), 400, "INVALID_PARAMETER")
    assert_netsuite_error(await suiteql(client, q, limit=0), 400, "INVALID_PARAMETER")
    beyond = (await suiteql(client, q, limit=10, offset=1000)).json()
    assert (beyond["count"], beyond["hasMore"], beyond["items"]) == (0, False, [])


async def test_bad_bodies(client):
    headers = {"Prefer": "transient", "Content-Type": "application/json"}
    for raw in (b"", b"{", b"[]", b'{"query": "SELECT id FROM customer"}', b'{"q": 5}', b'{"q": "  "}'):
        assert_netsuite_error(
            await client.post(SUITEQL, content=raw, headers=headers), 400, "INVALID_CONTENT"
        )


async def test_bad_queries_are_invalid_parameter(client):
    for q in (
        "SELECT id FROM customer c JOIN transaction t ON t.entity = c.id",
        "SELECT nope FROM customer",
        "SELECT id FROM nothing",
        "DELETE FROM customer",
        "SELECT id FROM customer WHERE companyname = 'unterminated",
    ):
        body = assert_netsuite_error(await suiteql(client, q), 400, "INVALID_PARAMETER")
        detail = body["o:errorDetails"][0]
        assert detail["detail"].startswith("Invalid search query. Detailed unprocessed description follows. ")
        assert detail["o:errorQueryParam"] == "q"


async def test_get_is_not_allowed(client):
    assert_netsuite_error(
        await client.get(SUITEQL, headers={"Prefer": "transient"}), 405, "METHOD_NOT_ALLOWED"
    )
