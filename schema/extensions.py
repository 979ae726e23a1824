"""Per-operation duties: write the innsynslogg before the answer leaves, close the connection."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from schema.context import Context

logger = logging.getLogger("bosetting.innsynslogg")


class InnsynsloggExtension(SchemaExtension):
    """Reads of personmappe data are logged in one INSERT after execution. If that fails, the
    answer fails too (no data): no personmappe value leaves without its log row."""

    async def on_execute(self) -> AsyncIterator[None]:
        yield
        context = self.execution_context.context
        if not isinstance(context, Context) or not len(context.innsyn):
            return
        try:
            await context.innsyn.skriv(context.engine, context.caller, context.request_id)
        except Exception as error:
            logger.exception("innsynslogg could not be written (request %s)", context.request_id)
            raise GraphQLError(
                f"Internal server error (request id {context.request_id})",
                extensions={"code": "INTERNAL_SERVER_ERROR", "requestId": context.request_id},
            ) from error

    async def on_operation(self) -> AsyncIterator[None]:
        try:
            yield
        finally:
            context = self.execution_context.context
            if isinstance(context, Context) and "db" in vars(context):
                await context.db.close()
