"""What each scenario asks: our GraphQL, PostGraphile's GraphQL for the same data (in its own
naming), and one hand-written SQL statement that builds the same JSON in PostgreSQL."""

from __future__ import annotations

FORDELING = """query Fordeling($id: ID!) { fordeling(id: $id) { id navn status rader {
  id boligtype forventetBosetting person {
    dufNr navn fodselsdato kjonn nasjonalitet sakstype bosettingsstatus
    helseinformasjon { bosettingsrelevantHelseinfo svangerskap termin helsetilstand kilde }
    kompetanse { sprak { sprak morsmal tale lese skrive kilde } }
    bosettingsinformasjon { bindendeTilknytning familiebolig familiemerknad bofellesskap
      vergeForBosetting folgeperson kilde
      veiledendeTilknytninger { kriterium prioritet kommunenummer beskrivelse kilde }
      bosettingsmerknader { kilde tekst } }
} } } }"""

PERSON = """query Person($dufNr: String!) { person(dufNr: $dufNr) {
  dufNr navn fodselsdato alder kjonn nasjonalitet personnummer registreringsnummer sakstype
  kategori bosettingsstatus
  grunndataDetaljer { sivilstand morsmal religion botilbud mottak vedtakOppholdDato
    bosettingsklarDato }
  kontaktinformasjon { adresse postnummer poststed epost telefon kilde }
  bosettingsinformasjon { bindendeTilknytning familiebolig familiemerknad tilknyttedeSaker
    bofellesskap vergeForBosetting folgeperson kilde
    veiledendeTilknytninger { kriterium prioritet kommunenummer beskrivelse kilde }
    bosettingsmerknader { kilde tekst } }
  helseinformasjon { bosettingsrelevantHelseinfo svangerskap termin helsetilstand kilde }
  sosialInformasjon { tekst kilde }
  kompetanse {
    sprak { sprak morsmal tale lese skrive kilde registrert }
    yrker { tittel beskrivelse land fraAr tilAr kilde }
    utdanning { tittel beskrivelse land fraAr tilAr fullfort kilde }
    andreFerdigheter { tittel kilde } interesser { tittel kilde }
    karriereveiledning { dato veileder malsetting anbefaling notat }
  }
  hendelser(first: 20) { totalCount edges { node { tidspunkt tittel tekst } } }
} }"""

PERSONSOK = """query Sok($navn: String!) { personsok(first: 20, navn: $navn) {
  totalCount edges { node { dufNr navn fodselsdato nasjonalitet bosettingsstatus } } } }"""

OVERSIKT = """query Oversikt($ar: Int!) { oversiktBosettingAlle(ar: $ar) {
  kommunenummer ar kategorier { kategori vedtak fordelt soktUt bosatt ledigePlasser } } }"""

SVAR = """mutation Svar($id: ID!, $versjon: Int!, $nokkel: String!) {
  sendFordelingssvar(id: $id, versjon: $versjon, idempotensnokkel: $nokkel) {
    fordeling { status } feil { code message } } }"""

PG_FORDELING = """query Fordeling($id: BigInt!) { fordelingByRowId(rowId: $id) {
  rowId navn status fordelingPeopleByFordelingId { nodes {
    rowId boligtype forventetBosetting personByPersonId {
      dufNr fornavn mellomnavn etternavn fodselsdato kjonn nasjonalitet sakstype bosettingsstatus
      personHelseByPersonId { bosettingsrelevantHelseinfo svangerskap termin helsetilstand kilde }
      spraksByPersonId { nodes { sprak morsmal tale lese skrive kilde } }
      personBosettingsinfoByPersonId { bindendeTilknytning familiebolig familiemerknad
        bofellesskap vergeForBosetting folgeperson kilde }
      personVeiledendeTilknytningsByPersonId { nodes {
        kriterium prioritet kommunenummer beskrivelse kilde } }
      personBosettingsmerknadsByPersonId { nodes { kilde tekst } }
} } } } }"""

PG_PERSON = """query Person($dufNr: String!) { personByDufNr(dufNr: $dufNr) {
  dufNr fornavn mellomnavn etternavn fodselsdato kjonn nasjonalitet personnummer
  registreringsnummer sakstype bosettingsstatus sivilstand morsmal religion botilbud mottak
  vedtakOppholdDato bosettingsklarDato
  personKontaktByPersonId { adresse postnummer poststed epost telefon kilde }
  personBosettingsinfoByPersonId { bindendeTilknytning familiebolig familiemerknad
    tilknyttedeSaker bofellesskap vergeForBosetting folgeperson kilde }
  personVeiledendeTilknytningsByPersonId { nodes {
    kriterium prioritet kommunenummer beskrivelse kilde } }
  personBosettingsmerknadsByPersonId { nodes { kilde tekst } }
  personHelseByPersonId { bosettingsrelevantHelseinfo svangerskap termin helsetilstand kilde }
  personSosialByPersonId { tekst kilde }
  spraksByPersonId { nodes { sprak morsmal tale lese skrive kilde registrert } }
  kompetansesByPersonId { nodes { type tittel beskrivelse land fraAr tilAr fullfort kilde } }
  karriereveiledningsByPersonId { nodes { dato veileder malsetting anbefaling notat } }
  hendelsePeopleByPersonId(first: 20) { totalCount nodes { hendelseByHendelseId {
    tidspunkt tittel tekst } } }
} }"""

# The limit: one statement, the JSON built by PostgreSQL, the same data as FORDELING.
SQL_FORDELING = """
SELECT json_build_object('id', f.id, 'navn', f.navn, 'status', f.status, 'rader', (
  SELECT coalesce(json_agg(json_build_object(
    'id', fp.id, 'boligtype', fp.boligtype, 'forventetBosetting', fp.forventet_bosetting,
    'person', json_build_object(
      'dufNr', p.duf_nr, 'navn', concat_ws(' ', p.fornavn, p.mellomnavn, p.etternavn),
      'fodselsdato', p.fodselsdato, 'kjonn', p.kjonn, 'nasjonalitet', p.nasjonalitet,
      'sakstype', p.sakstype, 'bosettingsstatus', p.bosettingsstatus,
      'helseinformasjon', (SELECT json_build_object(
          'bosettingsrelevantHelseinfo', h.bosettingsrelevant_helseinfo,
          'svangerskap', h.svangerskap, 'termin', h.termin, 'helsetilstand', h.helsetilstand,
          'kilde', h.kilde) FROM person_helse h WHERE h.person_id = p.id),
      'kompetanse', json_build_object('sprak', (SELECT coalesce(json_agg(json_build_object(
          'sprak', s.sprak, 'morsmal', s.morsmal, 'tale', s.tale, 'lese', s.lese,
          'skrive', s.skrive, 'kilde', s.kilde) ORDER BY s.id), '[]')
          FROM sprak s WHERE s.person_id = p.id)),
      'bosettingsinformasjon', (SELECT json_build_object(
          'bindendeTilknytning', b.bindende_tilknytning, 'familiebolig', b.familiebolig,
          'familiemerknad', b.familiemerknad, 'bofellesskap', b.bofellesskap,
          'vergeForBosetting', b.verge_for_bosetting, 'folgeperson', b.folgeperson,
          'kilde', b.kilde,
          'veiledendeTilknytninger', (SELECT coalesce(json_agg(json_build_object(
              'kriterium', t.kriterium, 'prioritet', t.prioritet,
              'kommunenummer', t.kommunenummer, 'beskrivelse', t.beskrivelse, 'kilde', t.kilde)
              ORDER BY t.prioritet, t.id), '[]')
              FROM person_veiledende_tilknytning t WHERE t.person_id = b.person_id),
          'bosettingsmerknader', (SELECT coalesce(json_agg(json_build_object(
              'kilde', m.kilde, 'tekst', m.tekst) ORDER BY m.kilde), '[]')
              FROM person_bosettingsmerknad m WHERE m.person_id = b.person_id))
          FROM person_bosettingsinfo b WHERE b.person_id = p.id))
  ) ORDER BY fp.id), '[]')
  FROM fordeling_person fp JOIN person p ON p.id = fp.person_id WHERE fp.fordeling_id = f.id
))::text FROM fordeling f WHERE f.id = $1"""

SQL_PERSON = """
SELECT json_build_object(
  'dufNr', p.duf_nr, 'navn', concat_ws(' ', p.fornavn, p.mellomnavn, p.etternavn),
  'fodselsdato', p.fodselsdato, 'kjonn', p.kjonn, 'nasjonalitet', p.nasjonalitet,
  'personnummer', p.personnummer, 'registreringsnummer', p.registreringsnummer,
  'sakstype', p.sakstype, 'bosettingsstatus', p.bosettingsstatus,
  'grunndataDetaljer', json_build_object('sivilstand', p.sivilstand, 'morsmal', p.morsmal,
    'religion', p.religion, 'botilbud', p.botilbud, 'mottak', p.mottak,
    'vedtakOppholdDato', p.vedtak_opphold_dato, 'bosettingsklarDato', p.bosettingsklar_dato),
  'kontaktinformasjon', (SELECT row_to_json(k) FROM (SELECT adresse, postnummer, poststed,
    epost, telefon, kilde FROM person_kontakt WHERE person_id = p.id) k),
  'bosettingsinformasjon', (SELECT row_to_json(b) FROM (SELECT bindende_tilknytning,
    familiebolig, familiemerknad, tilknyttede_saker, bofellesskap, verge_for_bosetting,
    folgeperson, kilde,
    (SELECT coalesce(json_agg(row_to_json(t) ORDER BY t.prioritet, t.id), '[]') FROM (SELECT
      id, kriterium, prioritet, kommunenummer, beskrivelse, kilde
      FROM person_veiledende_tilknytning WHERE person_id = p.id) t) AS veiledende_tilknytninger,
    (SELECT coalesce(json_agg(row_to_json(m) ORDER BY m.kilde), '[]') FROM (SELECT kilde, tekst
      FROM person_bosettingsmerknad WHERE person_id = p.id) m) AS bosettingsmerknader
    FROM person_bosettingsinfo WHERE person_id = p.id) b),
  'helseinformasjon', (SELECT row_to_json(h) FROM (SELECT bosettingsrelevant_helseinfo,
    svangerskap, termin, helsetilstand, kilde FROM person_helse WHERE person_id = p.id) h),
  'sosialInformasjon', (SELECT row_to_json(s) FROM (SELECT tekst, kilde FROM person_sosial
    WHERE person_id = p.id) s),
  'kompetanse', json_build_object(
    'sprak', (SELECT coalesce(json_agg(row_to_json(s) ORDER BY s.id), '[]') FROM (SELECT id,
      sprak, morsmal, tale, lese, skrive, kilde, registrert FROM sprak
      WHERE person_id = p.id) s),
    'oppforinger', (SELECT coalesce(json_agg(row_to_json(k) ORDER BY k.id), '[]') FROM (SELECT
      id, type, tittel, beskrivelse, land, fra_ar, til_ar, fullfort, kilde FROM kompetanse
      WHERE person_id = p.id) k),
    'karriereveiledning', (SELECT coalesce(json_agg(row_to_json(v) ORDER BY v.dato), '[]')
      FROM (SELECT dato, veileder, malsetting, anbefaling, notat FROM karriereveiledning
      WHERE person_id = p.id) v)),
  'hendelser', (SELECT json_build_object('totalCount', (SELECT count(*) FROM hendelse_person
      WHERE person_id = p.id), 'edges', coalesce(json_agg(row_to_json(e)), '[]')) FROM (
    SELECT h.tidspunkt, h.tittel, h.tekst FROM hendelse_person hp
    JOIN hendelse h ON h.id = hp.hendelse_id WHERE hp.person_id = p.id
    ORDER BY h.tidspunkt DESC, h.id DESC LIMIT 20) e)
)::text FROM person p WHERE p.duf_nr = $1"""
