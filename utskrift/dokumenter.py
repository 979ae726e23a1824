"""The guide's three printable documents (Utskrift) for one person. Each is a GraphQL query run
through the schema, so it is authorized and access-logged exactly as the same fields are in
the API, and a layout of its answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from utskrift.pdf import Dokument

_KILDE = "kilde"
_OPPFORING = "type tittel beskrivelse land fraAr tilAr antallAr fullfort kilde registrert"
_KOMPETANSE = f"""kompetanse {{
    sprak {{ sprak morsmal tale lese skrive kilde registrert }}
    yrker {{ {_OPPFORING} }} yrkesonsker {{ {_OPPFORING} }} utdanning {{ {_OPPFORING} }}
    andreFerdigheter {{ {_OPPFORING} }} interesser {{ {_OPPFORING} }}
    merknader {{ yrkesmerknad utdanningsmerknad annenKompetanse merknadAnnenKompetanse
                merknadAndreFerdigheter interesserMottakImdi }}
    omRegistreringen {{ tekst dato kilde }}
    karriereveiledning {{ dato veileder malsetting anbefaling notat kilde }}
}}"""
_IDENTITET = "tilgang { identitet grunndata personmappe } dufNr navn fodselsdato"

KARTLEGGING = f"""query Kartleggingsinformasjon($dufNr: String!) {{ person(dufNr: $dufNr) {{
    {_IDENTITET} alder kjonn nasjonalitet personnummer registreringsnummer sakstype kategori
    bosettingsstatus
    grunndataDetaljer {{ sivilstand morsmal religion botilbud mottak vedtakOppholdDato
        bosettingsklarDato bosetting {{ kommunenummer soktUtDato bosettingsdato }} }}
    familie {{ relasjon kjonn alder }}
    kontaktinformasjon {{ adresse postnummer poststed epost telefon {_KILDE} }}
    bosettingsinformasjon {{ bindendeTilknytning bindendeTilknytningKommunenummer
        bindendeTilknytningMerknad familiebolig familiemerknad
        tilknyttedeSaker bofellesskap vergeForBosetting folgeperson {_KILDE}
        veiledendeTilknytninger {{ kriterium prioritet kommunenummer beskrivelse kilde }}
        bosettingsmerknader {{ kilde tekst }} }}
    helseinformasjon {{ bosettingsrelevantHelseinfo svangerskap termin helsetilstand {_KILDE} }}
    sosialInformasjon {{ tekst {_KILDE} }}
    {_KOMPETANSE}
}} }}"""

KOMPETANSE = f"""query Kompetanse($dufNr: String!) {{ person(dufNr: $dufNr) {{
    {_IDENTITET} nasjonalitet {_KOMPETANSE} }} }}"""

KARRIEREVEILEDER = f"""query KarriereveiledersNotat($dufNr: String!) {{ person(dufNr: $dufNr) {{
    {_IDENTITET} grunndataDetaljer {{ mottak }}
    kompetanse {{ omRegistreringen {{ tekst dato kilde }}
        karriereveiledning {{ dato veileder malsetting anbefaling notat kilde }} }} }} }}"""

_ORD = {
    "DARLIG": "Dårlig",
    "NAER_FAMILIE": "Nær familie",
    "EM_UNDER_15": "EM under 15",
    "EM_15_18": "EM 15–18",
    "SOKT_UT": "Søkt ut",
    "OVERFORINGSFLYKTNING": "Overføringsflyktning",
    "FAMILIEGJENFORENING": "Familiegjenforening",
    "YRKESONSKE": "Yrkesønske",
    "SELVREG": "Selvreg",
    "UDB": "UDB",
    "IMDI": "IMDi",
    "SESAM": "SESAM",
    "UDI": "UDI",
    "AMOT": "AMOT",
    "SOSKEN": "Søsken",
}


def ord(value: Any) -> str:
    """An enum value as words: ``IKKE_BOSETTINGSKLAR`` → "Ikke bosettingsklar"."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "Ja" if value else "Nei"
    text = str(value)
    if text in _ORD:
        return _ORD[text]
    if text.isupper():
        return text.replace("_", " ").capitalize()
    return text


def dato(value: str | None) -> str:
    """ISO date → 31.12.2026."""
    if not value:
        return "–"
    year, month, day = value[:10].split("-")
    return f"{day}.{month}.{year}"


def _oppforinger(pdf: Dokument, tittel: str, rader: list[dict[str, Any]]) -> None:
    pdf.seksjon(tittel)
    if not rader:
        pdf.tekst("Ingen registrert.", kursiv=True)
        return
    for rad in rader:
        periode = ""
        if rad.get("fraAr") or rad.get("tilAr"):
            periode = f" ({rad.get('fraAr') or ''}–{rad.get('tilAr') or ''})"
        elif rad.get("antallAr"):
            periode = f" ({rad['antallAr']} år)"
        detaljer = [
            d
            for d in (
                rad.get("beskrivelse"),
                f"Land: {rad['land']}" if rad.get("land") else None,
                "Fullført" if rad.get("fullfort") else None,
                f"Kilde: {ord(rad['kilde'])}, registrert {dato(rad['registrert'])}",
            )
            if d
        ]
        pdf.rad(f"{rad['tittel']}{periode}", "\n".join(detaljer))


def _kompetanse(pdf: Dokument, kompetanse: dict[str, Any]) -> None:
    pdf.seksjon("Språk")
    if not kompetanse["sprak"]:
        pdf.tekst("Ingen registrert.", kursiv=True)
    for sprak in kompetanse["sprak"]:
        navn = sprak["sprak"] + (" (morsmål)" if sprak["morsmal"] else "")
        pdf.rad(
            navn,
            f"Tale: {ord(sprak['tale'])}, lese: {ord(sprak['lese'])}, "
            f"skrive: {ord(sprak['skrive'])}. Kilde: {ord(sprak['kilde'])}",
        )
    _oppforinger(pdf, "Yrke", kompetanse["yrker"])
    _oppforinger(pdf, "Yrkesønsker", kompetanse["yrkesonsker"])
    _oppforinger(pdf, "Utdanning", kompetanse["utdanning"])
    _oppforinger(pdf, "Andre ferdigheter", kompetanse["andreFerdigheter"])
    _oppforinger(pdf, "Interesser", kompetanse["interesser"])
    merknader = kompetanse.get("merknader") or {}
    if any(merknader.values()):
        pdf.seksjon("Merknader")
        for etikett, key in (
            ("Yrke", "yrkesmerknad"),
            ("Utdanning", "utdanningsmerknad"),
            ("Annen kompetanse", "annenKompetanse"),
            ("Merknad annen kompetanse", "merknadAnnenKompetanse"),
            ("Andre ferdigheter", "merknadAndreFerdigheter"),
            ("Interesser (mottak/IMDi)", "interesserMottakImdi"),
        ):
            if merknader.get(key):
                pdf.rad(etikett, merknader[key])


def _karriereveiledning(pdf: Dokument, kompetanse: dict[str, Any]) -> None:
    registrering = kompetanse.get("omRegistreringen")
    pdf.seksjon("Om registreringen")
    if registrering:
        pdf.rad("Dato", dato(registrering.get("dato")))
        pdf.rad("Kilde", ord(registrering["kilde"]))
        pdf.tekst(registrering.get("tekst") or "")
    else:
        pdf.tekst("Ingen registrering.", kursiv=True)
    samtaler = kompetanse["karriereveiledning"]
    pdf.seksjon("Karriereveiledning")
    if not samtaler:
        pdf.tekst("Personen har ikke hatt samtale med karriereveileder.", kursiv=True)
    for samtale in samtaler:
        pdf.rad("Dato", dato(samtale["dato"]))
        pdf.rad("Karriereveileder", samtale["veileder"])
        pdf.rad("Målsetting", samtale.get("malsetting"))
        pdf.rad("Anbefaling", samtale.get("anbefaling"))
        pdf.rad("Notat", samtale["notat"])
        pdf.ln(2)


def _kartlegging(pdf: Dokument, p: dict[str, Any]) -> None:
    pdf.seksjon("Grunndata")
    for etikett, verdi in (
        ("DUF-nummer", p["dufNr"]),
        ("Navn", p["navn"]),
        ("Fødselsdato", f"{dato(p['fodselsdato'])} ({p['alder']} år)"),
        ("Kjønn", ord(p["kjonn"])),
        ("Nasjonalitet", p["nasjonalitet"]),
        ("Personnummer", p["personnummer"]),
        ("Registreringsnummer", p["registreringsnummer"]),
        ("Sakstype", ord(p["sakstype"])),
        ("Kategori", ord(p["kategori"])),
        ("Bosettingsstatus", ord(p["bosettingsstatus"])),
    ):
        pdf.rad(etikett, verdi)
    detaljer = p["grunndataDetaljer"] or {}
    for etikett, verdi in (
        ("Sivilstand", detaljer.get("sivilstand")),
        ("Morsmål", detaljer.get("morsmal")),
        ("Religion", detaljer.get("religion")),
        ("Botilbud", ord(detaljer.get("botilbud"))),
        ("Mottak", detaljer.get("mottak")),
        ("Vedtak om opphold", dato(detaljer.get("vedtakOppholdDato"))),
        ("Bosettingsklar", dato(detaljer.get("bosettingsklarDato"))),
    ):
        pdf.rad(etikett, verdi)
    if bosetting := detaljer.get("bosetting"):
        pdf.rad(
            "Bosetting",
            f"Kommune {bosetting['kommunenummer']}, søkt ut {dato(bosetting['soktUtDato'])}, "
            f"bosatt {dato(bosetting.get('bosettingsdato'))}",
        )
    if p.get("familie"):
        pdf.seksjon("Familie")
        for medlem in p["familie"]:
            pdf.rad(ord(medlem["relasjon"]), f"{ord(medlem['kjonn'])}, {medlem['alder']} år")
    kontakt = p.get("kontaktinformasjon") or {}
    pdf.seksjon("Kontaktinformasjon")
    pdf.rad("Adresse", kontakt.get("adresse"))
    pdf.rad(
        "Postnummer og -sted",
        f"{kontakt.get('postnummer') or ''} {kontakt.get('poststed') or ''}".strip(),
    )
    pdf.rad("E-post", kontakt.get("epost"))
    pdf.rad("Telefon", kontakt.get("telefon"))
    info = p.get("bosettingsinformasjon") or {}
    pdf.seksjon("Bosettingsinformasjon")
    for etikett, key in (
        ("Bindende tilknytning", "bindendeTilknytning"),
        ("Tilknytning, kommune", "bindendeTilknytningKommunenummer"),
        ("Tilknytning, merknad", "bindendeTilknytningMerknad"),
        ("Familiebolig", "familiebolig"),
        ("Familiemerknad", "familiemerknad"),
        ("Tilknyttede saker", "tilknyttedeSaker"),
        ("Bofellesskap", "bofellesskap"),
        ("Verge før bosetting", "vergeForBosetting"),
        ("Følgeperson", "folgeperson"),
    ):
        value = info.get(key)
        pdf.rad(etikett, ord(value) if key == "bindendeTilknytning" else value)
    for tilknytning in info.get("veiledendeTilknytninger") or ():
        kommune = f", {tilknytning['kommunenummer']}" if tilknytning["kommunenummer"] else ""
        beskrivelse = f": {tilknytning['beskrivelse']}" if tilknytning["beskrivelse"] else ""
        pdf.rad(
            f"Veiledende tilknytning {tilknytning['prioritet']}",
            f"{ord(tilknytning['kriterium'])}{kommune}{beskrivelse} ({ord(tilknytning['kilde'])})",
        )
    for merknad in info.get("bosettingsmerknader") or ():
        pdf.rad(f"Bosettingsmerknad ({ord(merknad['kilde'])})", merknad["tekst"])
    helse = p.get("helseinformasjon") or {}
    pdf.seksjon("Helseinformasjon")
    pdf.rad("Bosettingsrelevant helseinfo", helse.get("bosettingsrelevantHelseinfo"))
    pdf.rad("Svangerskap", helse.get("svangerskap"))
    pdf.rad("Termin", dato(helse.get("termin")))
    pdf.rad("Helsetilstand", helse.get("helsetilstand"))
    pdf.seksjon("Sosial informasjon")
    sosial = p.get("sosialInformasjon")
    pdf.tekst(sosial["tekst"] if sosial else "Ingen registrert.", kursiv=sosial is None)
    _kompetanse(pdf, p["kompetanse"])
    _karriereveiledning(pdf, p["kompetanse"])


def _kompetansedokument(pdf: Dokument, p: dict[str, Any]) -> None:
    pdf.seksjon("Person")
    pdf.rad("Navn", p["navn"])
    pdf.rad("Fødselsdato", dato(p["fodselsdato"]))
    pdf.rad("Nasjonalitet", p["nasjonalitet"])
    _kompetanse(pdf, p["kompetanse"])


def _karriereveiledernotat(pdf: Dokument, p: dict[str, Any]) -> None:
    pdf.seksjon("Person")
    pdf.rad("Navn", p["navn"])
    pdf.rad("Fødselsdato", dato(p["fodselsdato"]))
    pdf.rad("Mottak", (p.get("grunndataDetaljer") or {}).get("mottak"))
    _karriereveiledning(pdf, p["kompetanse"])


@dataclass(frozen=True)
class Utskrift:
    tittel: str
    query: str
    operasjon: str
    layout: Callable[[Dokument, dict[str, Any]], None]

    def pdf(self, person: dict[str, Any], utskrevet_av: str) -> bytes:
        document = Dokument(
            self.tittel, f"{person['navn']}, DUF-nr {person['dufNr']}", utskrevet_av
        )
        self.layout(document, person)
        return document.bytes()


UTSKRIFTER: dict[str, Utskrift] = {
    "kartleggingsinformasjon": Utskrift(
        "Kartleggingsinformasjon", KARTLEGGING, "Kartleggingsinformasjon", _kartlegging
    ),
    "kompetanse": Utskrift("Kompetanse", KOMPETANSE, "Kompetanse", _kompetansedokument),
    "karriereveileders-notat": Utskrift(
        "Karriereveileders notat",
        KARRIEREVEILEDER,
        "KarriereveiledersNotat",
        _karriereveiledernotat,
    ),
}
