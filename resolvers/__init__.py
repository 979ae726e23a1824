"""Resolvers: queries, mutations, loaders and workflows, kept apart from the types they fill.

One domain, one file stem in every layer (a dash: the domain has no file in that layer):

=================  ===============  ================  ==========================  =================
domain             models/          schema/           resolvers/ (+ workflows/)   tests/
=================  ===============  ================  ==========================  =================
anmodning          anmodning        anmodning         anmodning, oversikt (+)     anmodning/
fordeling          fordeling        fordeling         fordeling (+)               fordeling/
bosettingsdato     person [1]       bosettingsdato    bosettingsdato (+)          fordeling/
innmelding         innmelding       innmelding        innmelding (+)              innmelding/
kommune            organisasjon     kommune           kommune (+)                 kommune/
brukere            organisasjon     brukere           brukere (+), me             kommune/
person             person           person            personer, loaders, preload  authz/
personliste        person           personliste       personliste                 authz/
hendelser, varsel  hendelse         varsel            varsler                     http/
innsynslogg        innsynslogg      -                 innsynslogg                 authz/
statistikk         -                statistikk        statistikk                  statistikk/
arbeidsflate       arbeidsflate     arbeidsflate[2]   arbeidsflate                http/
letters (outbox)   utboks           -                 workflows/effekter          fordeling/
=================  ===============  ================  ==========================  =================

[1] ``Utsoking`` (the row a bosettingsdato is written on) is in ``models/person.py``.
[2] and ``arbeidsflatepanel``.

Shared machinery: ``steps`` (every mutation: role check, transaction, rule error; the resolvers
of steps on one object), ``readable`` (one object by id through the read scope),
``workflows/tx`` (what every step is given: connection, caller, now, today),
``workflows/machine`` (the step tables and the row lock through ``authz/scope.py``),
``workflows/rules`` (``Regelbrudd`` and its ``ErrorCode``), ``workflows/effekter``
(hendelser, varsler and letters a step leaves behind; ``Emne`` per workflow).
"""
