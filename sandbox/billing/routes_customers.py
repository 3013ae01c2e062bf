"""Customers and their balance transactions."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sandbox.billing import balance
from sandbox.billing.context import Billing
from sandbox.billing.errors import resource_missing
from sandbox.billing.handlers import list_objects, retrieve, run_get
from sandbox.billing.params import Params
from sandbox.billing.post import run_post
from sandbox.billing.queries import BALANCE_TRANSACTION, CUSTOMER, get_row


def routes(billing: Billing) -> list[Route]:
    """The customer endpoints."""

    async def get_customer(request: Request) -> Response:
        cus = request.path_params["id"]
        return run_get(request, lambda form: retrieve(billing, CUSTOMER, cus, form))

    async def list_customers(request: Request) -> Response:
        def filters(params: Params) -> list[tuple[str, Any]]:
            email = params.string("email", max_length=512)
            return [] if email is None else [("t.email = ?", email)]

        return run_get(
            request,
            lambda form: list_objects(
                billing, CUSTOMER, form, url="/v1/customers", filter_names=("email",), filters=filters
            ),
        )

    async def list_balance(request: Request) -> Response:
        cus = request.path_params["id"]

        def answer(form: dict[str, Any]) -> dict[str, Any]:
            if get_row(billing.conn, CUSTOMER, cus) is None:
                raise resource_missing("customer", cus)
            url = f"/v1/customers/{cus}/balance_transactions"
            return list_objects(billing, BALANCE_TRANSACTION, form, url=url, base=[("t.customer = ?", cus)])

        return run_get(request, answer)

    async def get_balance(request: Request) -> Response:
        cus, txn = request.path_params["id"], request.path_params["txn"]

        def answer(form: dict[str, Any]) -> dict[str, Any]:
            found = retrieve(billing, BALANCE_TRANSACTION, txn, form)
            customer = found["customer"] if isinstance(found["customer"], str) else found["customer"]["id"]
            if customer != cus:
                raise resource_missing("customer balance transaction", txn)
            return found

        return run_get(request, answer)

    async def create_balance(request: Request) -> Response:
        cus = request.path_params["id"]
        return await run_post(
            request, billing, lambda form: balance.validate_adjustment(cus, form), balance.execute_adjustment
        )

    return [
        Route("/v1/customers", list_customers, methods=["GET"]),
        Route("/v1/customers/{id}", get_customer, methods=["GET"]),
        Route("/v1/customers/{id}/balance_transactions", list_balance, methods=["GET"]),
        Route("/v1/customers/{id}/balance_transactions", create_balance, methods=["POST"]),
        Route("/v1/customers/{id}/balance_transactions/{txn}", get_balance, methods=["GET"]),
    ]
