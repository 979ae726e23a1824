"""``GET /utskrift/{dokument}/{dufNr}``: the guide's printable documents as PDF, with the same
login, authorization and innsynslogg as the GraphQL fields they print; and
``GET /utskrift/brev/{id}.pdf``, a letter of the outbox."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import Response

from app.requestid import request_id_for
from app.view import Authenticate, log_in, refusal, unavailable
from authz.scope import lesbare_brev
from models import Utboks
from resolvers.compiled.run import COMPILER
from schema import schema
from schema.context import Context
from utsending import brev
from utskrift.dokumenter import UTSKRIFTER

_DUF = re.compile(r"^[0-9]{12}$")
_ID = re.compile(r"^[1-9][0-9]{0,17}$")


def utskrift_endpoint(
    engine: AsyncEngine, authenticate: Authenticate
) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        request_id = request_id_for(request.scope)
        principal = await log_in(authenticate, request, request_id)
        if isinstance(principal, Response):
            return principal
        dokument = UTSKRIFTER.get(request.path_params["dokument"])
        if dokument is None:
            return refusal(
                f"dokument: one of {', '.join(UTSKRIFTER)}", 404, request_id, "NOT_FOUND"
            )
        duf_nr = request.path_params["duf_nr"].removesuffix(".pdf")
        if not _DUF.match(duf_nr):
            return refusal("dufNr: must be 12 digits", 400, request_id, "BAD_USER_INPUT")
        context = Context(
            request=request,
            response=None,
            engine=engine,
            request_id=request_id,
            principal=principal,
            compiler=COMPILER,
        )
        result = await schema.execute(
            dokument.query,
            variable_values={"dufNr": duf_nr},
            context_value=context,
            operation_name=dokument.operasjon,
        )
        codes = {(e.extensions or {}).get("code") for e in result.errors or ()}
        if "SERVICE_UNAVAILABLE" in codes:
            return unavailable(request_id)
        if "INTERNAL_SERVER_ERROR" in codes or (result.errors and result.data is None):
            if "FORBIDDEN" in codes:
                # Refused before the person was looked at (a machine client's scope): the
                # caller sees nothing of the person, and gets what "no such person" gets.
                return refusal("no person with that DUF-nr", 404, request_id, "NOT_FOUND")
            return refusal(
                f"Internal server error (request id {request_id})",
                500,
                request_id,
                "INTERNAL_SERVER_ERROR",
            )
        person: dict[str, Any] | None = (result.data or {}).get("person")
        if person is None:
            # No such person, or none the caller may see: the same answer.
            return refusal("no person with that DUF-nr", 404, request_id, "NOT_FOUND")
        if not person["tilgang"]["personmappe"] or result.errors:
            # Every document prints personmappe data; a partial one would mislead.
            return refusal("Forbidden", 403, request_id, "FORBIDDEN")
        utskrevet_av = f"{principal.navn} ({principal.organisasjon_navn})"
        content = await asyncio.to_thread(dokument.pdf, person, utskrevet_av)
        filename = f"{request.path_params['dokument']}-{duf_nr}.pdf"
        return Response(
            content,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'inline; filename="{filename}"',
                "Cache-Control": "no-store",
                "X-Request-Id": request_id,
            },
        )

    return endpoint


def brev_endpoint(
    engine: AsyncEngine, authenticate: Authenticate
) -> Callable[[Request], Awaitable[Response]]:
    """``GET /utskrift/brev/{id}.pdf``: a letter of the outbox, for those who may read it
    (``Kommune.brev``'s ``pdf``); one the caller may not read is answered as one that is not
    there."""

    async def endpoint(request: Request) -> Response:
        request_id = request_id_for(request.scope)
        principal = await log_in(authenticate, request, request_id)
        if isinstance(principal, Response):
            return principal
        navn = request.path_params["brev"]
        nummer = navn.removesuffix(".pdf")
        if not (navn.endswith(".pdf") and _ID.match(nummer)):
            return refusal("id: the letter's id and .pdf", 400, request_id, "BAD_USER_INPUT")
        async with engine.connect() as connection:
            lesbar = await connection.scalar(
                select(Utboks.id).where(
                    Utboks.id == int(nummer), lesbare_brev(principal, innhold=True)
                )
            )
            loaded = None if lesbar is None else await brev.last(connection, int(nummer))
        if loaded is None:
            return refusal("no letter with that id", 404, request_id, "NOT_FOUND")
        content = await asyncio.to_thread(brev.pdf, loaded[1])
        return Response(
            content,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'inline; filename="brev-{nummer}.pdf"',
                "Cache-Control": "no-store",
                "X-Request-Id": request_id,
            },
        )

    return endpoint
