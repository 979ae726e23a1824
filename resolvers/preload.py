"""Preloading of personmappe sections for a whole list of persons.

A list of persons (a fordeling's rows, ``personer``, a search page) asks the same sections of
every person. Loaded one awaitable per person and section, 200 persons cost hundreds of
futures and a slow, asynchronous completion of each field. Instead, the list's resolver looks
at the selection (which sections are asked for), loads them for every person whose
personmappe the caller may read, in one batched statement per section (the same loaders, so
the same SQL), and the section fields then resolve synchronously from what was loaded.
Persons the caller may not read are never loaded; their fields are denied as before.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from resolvers.loaders import Loaders


class Context(Protocol):
    """What preloading needs of ``schema.context.Context``, named here so this layer does not
    import the schema layer above it."""

    @property
    def loaders(self) -> Loaders: ...

    @property
    def preloaded(self) -> dict[str, dict[int, Any]]: ...


SEKSJONER = {
    "kontaktinformasjon": "kontakt",
    "bosettingsinformasjon": "bosettingsinfo",
    "helseinformasjon": "helse",
    "sosialInformasjon": "sosial",
}
"""Person field → the loader of its section."""
KOMPETANSE = {
    "sprak": "sprak",
    "yrker": "kompetanse",
    "yrkesonsker": "kompetanse",
    "utdanning": "kompetanse",
    "andreFerdigheter": "kompetanse",
    "interesser": "kompetanse",
    "merknader": "kompetansemerknad",
    "omRegistreringen": "kompetansemerknad",
    "karriereveiledning": "karriereveiledning",
}
"""Kompetanse field → its loader."""
BOSETTINGSINFORMASJON = {
    "veiledendeTilknytninger": "tilknytninger",
    "bosettingsmerknader": "bosettingsmerknader",
}
"""Bosettingsinformasjon's lists → their loaders (the section itself: ``bosettingsinfo``)."""


def selected(selections: Iterable[Selection], name: str | None = None) -> Iterator[SelectedField]:
    """The fields of a selection (through fragments), those named ``name`` when given."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            if name is None or selection.name == name:
                yield selection
        elif isinstance(selection, FragmentSpread | InlineFragment):
            yield from selected(selection.selections, name)


def seksjoner(person_fields: Iterable[SelectedField]) -> set[str]:
    """The loaders the selections of a person field need."""
    wanted: set[str] = set()
    for person in person_fields:
        for field in selected(person.selections):
            if field.name in SEKSJONER:
                wanted.add(SEKSJONER[field.name])
            elif field.name == "kompetanse":
                wanted.update(
                    KOMPETANSE[f.name] for f in selected(field.selections) if f.name in KOMPETANSE
                )
            if field.name == "bosettingsinformasjon":
                wanted.update(
                    BOSETTINGSINFORMASJON[f.name]
                    for f in selected(field.selections)
                    if f.name in BOSETTINGSINFORMASJON
                )
    return wanted


async def preload(
    context: Context, persons: Sequence[Any], person_fields: Iterable[SelectedField]
) -> None:
    """Load the asked sections of ``persons`` (Person objects; None for a denied one)."""
    wanted = seksjoner(person_fields)
    ids = sorted({p.rad.id for p in persons if p is not None and p.tilgang.personmappe})
    if not wanted or len(ids) < 2:
        return
    names = sorted(wanted)
    loaded = await asyncio.gather(
        *(getattr(context.loaders, name).load_batch(ids) for name in names)
    )
    for name, rows in zip(names, loaded, strict=True):
        context.preloaded.setdefault(name, {}).update(zip(ids, rows, strict=True))
