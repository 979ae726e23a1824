"""``/vedtaksdokument/{anmodningId}``: the kommunestyre's decision on an anmodning, as a PDF.

``PUT`` (``Content-Type: application/pdf``, the PDF as the body, at most
``BOSETTING_MAX_DOKUMENT_BYTES``; ``?filnavn=`` optional): the kommune's Anmoder_Skriv uploads it
to an anmodning of its own, replacing any before. ``GET``: whoever reads the anmodning reads
the document, under the same rule (IMDi, the kommune's Anmoder roles). A kommune never reaches
another kommune's: "not yours" answers as "none"."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app.requestid import request_id_for
from app.view import Authenticate, log_in, refusal, unavailable
from authz.policy import Handling, kan
from authz.principal import Principal
from authz.scope import readable_anmodninger
from models import Anmodning, Vedtaksdokument
from resolvers.workflows import anmodning as workflow
from resolvers.workflows.rules import ErrorCode, Regelbrudd
from resolvers.workflows.tx import Tx

MAX_FILNAVN_ARGUMENT = 200
_STATUS = {ErrorCode.NOT_FOUND: 404, ErrorCode.WRONG_TYPE: 415}


def _not_found(request_id: str) -> JSONResponse:
    return refusal(
        "anmodningId: no vedtaksdokument on an anmodning you may read", 404, request_id, "NOT_FOUND"
    )


async def _download(
    engine: AsyncEngine, principal: Principal, anmodning_id: int, request_id: str
) -> Response:
    if not kan(principal, Handling.LESE_ANMODNING):
        return refusal("Forbidden", 403, request_id, "FORBIDDEN")
    async with engine.connect() as connection:
        row = (
            await connection.execute(
                select(Vedtaksdokument.filnavn, Vedtaksdokument.innhold)
                .join(Anmodning, Anmodning.id == Vedtaksdokument.anmodning_id)
                .where(Anmodning.id == anmodning_id, readable_anmodninger(principal))
            )
        ).one_or_none()
    if row is None:
        return _not_found(request_id)
    return Response(
        row.innhold,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{row.filnavn}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
            "X-Request-Id": request_id,
        },
    )


async def _upload(
    engine: AsyncEngine,
    request: Request,
    principal: Principal,
    anmodning_id: int,
    request_id: str,
) -> Response:
    if not kan(principal, Handling.SVARE_ANMODNING):
        return refusal("Forbidden", 403, request_id, "FORBIDDEN")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/pdf":
        return refusal(
            "Content-Type: the document is sent as application/pdf", 415, request_id, "WRONG_TYPE"
        )
    filnavn = request.query_params.get("filnavn")
    if filnavn is not None and len(filnavn) > MAX_FILNAVN_ARGUMENT:
        return refusal(
            f"filnavn: at most {MAX_FILNAVN_ARGUMENT} characters, not {len(filnavn)}",
            400,
            request_id,
            "BAD_USER_INPUT",
        )
    innhold = await request.body()
    now = datetime.now(UTC)
    try:
        async with engine.begin() as connection:
            tx = Tx(connection, principal, now, date.today())
            dokument = await workflow.last_opp_vedtaksdokument(
                tx, anmodning_id, filnavn=filnavn, innhold=innhold
            )
    except Regelbrudd as broken:
        if broken.code == ErrorCode.NOT_FOUND:
            return _not_found(request_id)
        return refusal(
            f"{broken.field}: {broken.message}",
            _STATUS.get(broken.code, 400),
            request_id,
            broken.code.value,
        )
    return JSONResponse(
        {
            "anmodningId": str(anmodning_id),
            "filnavn": dokument.filnavn,
            "storrelse": dokument.storrelse,
            "sha256": dokument.sha256,
        },
        status_code=201,
        headers={"X-Request-Id": request_id},
    )


def vedtaksdokument_endpoint(
    engine: AsyncEngine, authenticate: Authenticate
) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        request_id = request_id_for(request.scope)
        principal = await log_in(authenticate, request, request_id)
        if isinstance(principal, Response):
            return principal
        raw = request.path_params["anmodning_id"].removesuffix(".pdf")
        if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
            return refusal("anmodningId: a whole number", 400, request_id, "BAD_USER_INPUT")
        try:
            if request.method == "PUT":
                return await _upload(engine, request, principal, int(raw), request_id)
            return await _download(engine, principal, int(raw), request_id)
        except (DBAPIError, OSError, TimeoutError):
            return unavailable(request_id)

    return endpoint
