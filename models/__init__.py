"""SQLAlchemy models: the whole domain of DOMAIN.md. The ORM serves writes; hot reads use Core."""

from models.anmodning import Anmodning, AnmodningTall, Vedtak, Vedtaksdokument
from models.arbeidsflate import PERSONLISTE_MAKS, ArbeidsflateOppsett, PersonlistePlass
from models.base import Base
from models.fordeling import Fordeling, FordelingPerson
from models.hendelse import Hendelse, HendelsePerson, Varsel
from models.innmelding import Innmelding
from models.innsynslogg import Innsynslogg
from models.kildeskriving import Kildeskriving
from models.organisasjon import Bruker, BrukerRolle, Kommune, Organisasjon
from models.partnerhendelse import Partnerhendelse, PartnerhendelseTeller
from models.person import (
    Bosettingsmerknad,
    Karriereveiledning,
    Kompetanse,
    Person,
    PersonBosettingsinfo,
    PersonHelse,
    PersonKompetanseMerknad,
    PersonKontakt,
    PersonSosial,
    Sprak,
    Utsoking,
    VeiledendeTilknytning,
)
from models.rate_limit import RateLimitCount
from models.utboks import Utboks, UtboksLevering

__all__ = [
    "PERSONLISTE_MAKS",
    "Anmodning",
    "AnmodningTall",
    "ArbeidsflateOppsett",
    "Base",
    "Bosettingsmerknad",
    "Bruker",
    "BrukerRolle",
    "Fordeling",
    "FordelingPerson",
    "Hendelse",
    "HendelsePerson",
    "Innmelding",
    "Innsynslogg",
    "Karriereveiledning",
    "Kildeskriving",
    "Kommune",
    "Kompetanse",
    "Organisasjon",
    "Partnerhendelse",
    "PartnerhendelseTeller",
    "Person",
    "PersonBosettingsinfo",
    "PersonHelse",
    "PersonKompetanseMerknad",
    "PersonKontakt",
    "PersonSosial",
    "PersonlistePlass",
    "RateLimitCount",
    "Sprak",
    "Utboks",
    "UtboksLevering",
    "Utsoking",
    "Varsel",
    "Vedtak",
    "Vedtaksdokument",
    "VeiledendeTilknytning",
]
