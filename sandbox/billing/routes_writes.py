"""The POST endpoints on subscriptions and credit notes (customer balance lives with customers)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sandbox.billing import credit_notes, subscription_update
from sandbox.billing.context import Billing
from sandbox.billing.post import run_post


def routes(billing: Billing) -> list[Route]:
    """Subscription update and credit note creation."""

    async def update_subscription(request: Request) -> Response:
        sub = request.path_params["id"]
        return await run_post(
            request,
            billing,
            lambda form: subscription_update.validate(sub, form),
            subscription_update.execute,
        )

    async def create_credit_note(request: Request) -> Response:
        return await run_post(request, billing, credit_notes.validate, credit_notes.execute)

    return [
        Route("/v1/subscriptions/{id}", update_subscription, methods=["POST"]),
        Route("/v1/credit_notes", create_credit_note, methods=["POST"]),
    ]
