"""The channels a letter goes out by, behind one interface.

- :class:`Filkanal` writes the PDF and a JSON envelope to a folder (the default; what an
  operator hands to print and post, or a test reads). It can tell whether it delivered a letter
  before (the envelope is there), so a letter retried after a crash is delivered once.
- :class:`Smtpkanal` sends the kommune an e-mail varsel that a letter from IMDi is there (no
  personal data: the letter's title, reference and the fordeling's name are all it says). SMTP
  cannot tell whether an earlier attempt went out, so a retried varsel is sent again, marked
  as possibly repeated (at least once, flagged).

Further channels implement the same interface, documented and not built: Altinn (the kommune's
letters as a correspondence in the kommune's Altinn inbox: ``lever`` posts it, ``levert`` asks
Altinn for the correspondence by our reference, so it is exactly once) and Digipost or print
and post (the person's letters on paper: the print house's receipt by reference).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import smtplib
import tempfile
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from models.enums import Brevkanal
from utsending.brev import AVSENDER, Brev


class Kanal(Protocol):
    navn: str
    """The channel's name in ``utboks_levering``."""
    kan_se_levering: bool
    """The channel can tell whether a letter was delivered before (exactly once)."""

    def gjelder(self, brev: Brev) -> bool:
        """Whether this letter goes out by this channel."""
        ...

    async def levert(self, brev: Brev) -> str | None:
        """The receipt of an earlier delivery of this letter, or None (only asked of a channel
        that can tell)."""
        ...

    async def lever(self, brev: Brev, pdf: bytes, *, gjentatt: bool) -> str:
        """Deliver the letter; its receipt. ``gjentatt``: an earlier attempt may have gone
        out."""
        ...


class Filkanal:
    navn = "fil"
    kan_se_levering = True

    def __init__(self, mappe: Path) -> None:
        self.mappe = mappe

    def gjelder(self, brev: Brev) -> bool:
        return True

    def _stem(self, brev: Brev) -> Path:
        return self.mappe / f"brev-{brev.id:010d}"

    async def levert(self, brev: Brev) -> str | None:
        konvolutt = self._stem(brev).with_suffix(".json")
        return str(konvolutt) if konvolutt.exists() else None

    async def lever(self, brev: Brev, pdf: bytes, *, gjentatt: bool) -> str:
        return await asyncio.to_thread(self._skriv, brev, pdf)

    def _skriv(self, brev: Brev, pdf: bytes) -> str:
        """The PDF, then the envelope that says it is complete: each written to a temporary
        file and renamed into place, so a reader never sees half a letter."""
        self.mappe.mkdir(parents=True, exist_ok=True)
        stem = self._stem(brev)
        _atomisk(stem.with_suffix(".pdf"), pdf)
        konvolutt = {
            **brev.konvolutt(),
            "pdf": stem.with_suffix(".pdf").name,
            "sha256": hashlib.sha256(pdf).hexdigest(),
            "levert": datetime.now(UTC).isoformat(),
        }
        _atomisk(stem.with_suffix(".json"), json.dumps(konvolutt, ensure_ascii=False).encode())
        return str(stem.with_suffix(".json"))


def _atomisk(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Smtpkanal:
    navn = "epost"
    kan_se_levering = False

    def __init__(self, url: str, avsender: str, *, timeout: float = 30.0) -> None:
        parts = urlsplit(url)
        self.host = parts.hostname or "localhost"
        self.port = parts.port or 25
        self.avsender = avsender
        self.timeout = timeout

    def gjelder(self, brev: Brev) -> bool:
        """The kommune's letters, when the kommune has an e-mail address."""
        return brev.kanal == Brevkanal.ALTINN and brev.mottaker.epost is not None

    async def levert(self, brev: Brev) -> str | None:
        return None

    async def lever(self, brev: Brev, pdf: bytes, *, gjentatt: bool) -> str:
        return await asyncio.to_thread(self._send, brev, gjentatt)

    def _send(self, brev: Brev, gjentatt: bool) -> str:
        assert brev.mottaker.epost is not None
        melding = EmailMessage()
        melding["From"] = self.avsender
        melding["To"] = brev.mottaker.epost
        melding["Subject"] = ("[Mulig gjentatt] " if gjentatt else "") + (
            f"Nytt brev fra IMDi: {brev.tittel}"
        )
        melding["Message-ID"] = f"<brev-{brev.id}@bosetting.imdi.no>"
        melding["X-Bosetting-Brev"] = str(brev.id)
        if gjentatt:
            melding["X-Bosetting-Gjentatt"] = "ja"
        fordeling = brev.innhold.get("fordeling")
        melding.set_content(
            f"{brev.mottaker.navn} har fått et brev fra {AVSENDER}: «{brev.tittel}»"
            + (f" om fordelingslisten «{fordeling}»" if fordeling else "")
            + f".\nVår referanse: IMDi-brev {brev.id}.\n"
            "Brevet ligger i IMDinett bosetting (kommunens brev).\n"
            + (
                "\nDette varselet kan ha blitt sendt før: en tidligere sending ble avbrutt.\n"
                if gjentatt
                else ""
            )
        )
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            refused = smtp.send_message(melding)
        if refused:
            raise smtplib.SMTPRecipientsRefused(refused)
        return str(melding["Message-ID"])
