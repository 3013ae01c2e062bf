"""The `/graphql` endpoint: strawberry's ASGI view with a fresh, typed context for every request.

Every request that could execute GraphQL must carry a known API key (401 otherwise, before execution);
the key's principal goes into the context, where each root field checks its scope.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from app.auth import needs_authentication, unauthenticated
from app.correlation import call_context
from app.runtime import Runtime
from resolvers.context import Context, build_context

PRINCIPAL_STATE = "principal"


class GraphQLView(GraphQL[Context, None]):
    """Queries over GET and POST, mutations over POST only, GraphiQL in a browser when enabled."""

    def __init__(self, runtime: Runtime) -> None:
        super().__init__(
            runtime.schema,
            graphql_ide="graphiql" if runtime.settings.graphiql else None,
            allow_queries_via_get=True,
        )
        self._runtime = runtime

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        """A new context (and so new loaders) bound to the shared sources and this request's correlation."""
        assert isinstance(request, Request)
        return build_context(
            sources=self._runtime.sources,
            call=call_context(request),
            principal=request.scope.get("state", {}).get(PRINCIPAL_STATE),
            max_ids=self._runtime.settings.max_customers_per_query,
            writes=self._runtime.writes,
        )


class GraphQLEndpoint:
    """A raw ASGI endpoint handing each request to the view the lifespan built."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        view: GraphQLView = scope["app"].state.graphql
        request = Request(scope)
        if needs_authentication(request):
            principal = scope["app"].state.runtime.authenticator.authenticate(
                request.headers.get("authorization")
            )
            if principal is None:
                # Before any parsing or execution: nothing upstream is called for an unknown caller.
                response = unauthenticated("a valid API key is required: send Authorization: Bearer <key>")
                await response(scope, receive, send)
                return
            # A per-request copy: the server may share the lifespan state dict between requests.
            scope["state"] = {**scope.get("state", {}), PRINCIPAL_STATE: principal}
        await view(scope, receive, send)
