"""``bosettingsdatoer`` as one statement: the page of persons søkt ut to the kommune and not yet
bosatt, as the resolver selects and orders them, each kandidat's person built as
``person(dufNr:)`` builds it, decided by its own relation to the caller."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import BigInteger, Integer, Text

from authz.policy import Handling, kan
from authz.principal import Principal
from authz.scope import readable_persons
from models import Person, Utsoking
from models.enums import OrganisasjonType
from resolvers.compiled.paging import connection_types, offset_statement
from resolvers.compiled.person import Builder, children, column, param, person_object
from resolvers.compiled.walk import FieldRule, Node
from resolvers.workflows.bosettingsdato import KOMMUNEN_REGISTRERER
from schema.pagination import offset_after, page_size


def bosettingsdatoer_arguments(values: dict[str, Any]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    kommunenummer = values.get("kommunenummer")
    size = page_size(values["first"])
    offset = offset_after(values.get("after"), "bosettingsdatoer")
    return (kommunenummer is not None,), (kommunenummer, size, offset)


def bosettingsdatoer_permitted(principal: Principal, root: Node) -> bool:
    """What the resolver refuses by the caller (its role; IMDi without a kommune) is left to
    it, so it makes the error."""
    if not kan(principal, Handling.LESE_BOSETTINGSDATO):
        return False
    return principal.organisasjon_type == OrganisasjonType.KOMMUNE or bool(root.shape[0])


def bosettingsdatoer_statement(principal: Principal, today: date, root: Node) -> Any:
    """The connection's JSON text, the guards' bits of its kandidater's persons in order, and
    the innsynslogg rows of the sections it reads of them."""
    kommune: Any = principal.kommunenummer
    if principal.organisasjon_type != OrganisasjonType.KOMMUNE:
        kommune = param(root.params[0], Text)
    size = param(root.params[1], Integer)
    offset = param(root.params[2], BigInteger)
    found = readable_persons(principal).where(
        Utsoking.kommunenummer == kommune,
        Utsoking.aktiv,
        Utsoking.bosettingsdato.is_(None),
    )
    kandidat: dict[str, Builder] = {
        "soktUtDato": column("sokt_ut_dato"),
        "kommunenummer": column("utsoking_kommune"),
        "kanRegistreresAvKommunen": lambda bygg, source, node: source.botilbud.in_(
            KOMMUNEN_REGISTRERER
        ),
        "person": person_object,
    }
    return offset_statement(
        principal,
        today,
        root,
        kind="bosettingsdatoer",
        found=found,
        order=(Utsoking.sokt_ut_dato, Person.id),
        size=size,
        offset=offset,
        node=lambda bygg, source, node: children(bygg, source, node, kandidat),
    )


BOSETTINGSDATO_TYPES: dict[str, dict[str, FieldRule]] = {
    **connection_types("BosettingsdatoKandidatConnection", "BosettingsdatoKandidatEdge"),
    "BosettingsdatoKandidat": {
        "soktUtDato": FieldRule(),
        "kommunenummer": FieldRule(),
        "kanRegistreresAvKommunen": FieldRule(),
        "person": FieldRule(klasse="identitet"),
    },
}
