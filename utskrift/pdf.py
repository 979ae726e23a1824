"""A small PDF writer for the printable documents: headings, label/value rows and running text,
in Source Sans Pro (embedded, so æ, ø, å and the Latin letters of refugees' names print right).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import font_source_sans_pro  # type: ignore[import-untyped]
from fpdf import FPDF
from fpdf.enums import XPos, YPos

_FONTS = Path(font_source_sans_pro.font_directory)
FONT = "SourceSans"
LABEL_WIDTH = 58.0


class Dokument(FPDF):
    """An A4 document with a header naming it and the person, and a footer with the page
    number and the confidentiality notice."""

    def __init__(self, tittel: str, person: str, utskrevet_av: str) -> None:
        super().__init__(format="A4")
        self.tittel = tittel
        self.person = person
        self.utskrevet_av = utskrevet_av
        self.utskrevet = datetime.now().strftime("%d.%m.%Y %H:%M")
        self.add_font(FONT, "", str(_FONTS / "SourceSansPro-Regular.ttf"))
        self.add_font(FONT, "B", str(_FONTS / "SourceSansPro-Bold.ttf"))
        self.add_font(FONT, "I", str(_FONTS / "SourceSansPro-It.ttf"))
        self.set_title(f"{tittel}: {person}")
        self.set_author("IMDinett bosetting")
        self.set_creator("bosetting")
        self.set_auto_page_break(auto=True, margin=20)
        self.set_margins(18, 18, 18)
        self.add_page()

    def header(self) -> None:
        self.set_font(FONT, "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 4, "IMDinett bosetting", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.set_font(FONT, "B", 16)
        self.cell(0, 8, self.tittel, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "", 10)
        self.cell(0, 5, self.person, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(160, 160, 160)
        self.line(self.l_margin, self.get_y() + 1.5, self.w - self.r_margin, self.get_y() + 1.5)
        self.ln(5)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, "I", 8)
        self.set_text_color(90, 90, 90)
        self.cell(
            0,
            4,
            "Taushetsbelagt: unntatt offentlighet etter offentleglova § 13. "
            f"Skrevet ut {self.utskrevet} av {self.utskrevet_av}.",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.cell(0, 4, f"Side {self.page_no()} av {{nb}}", align="R")

    def seksjon(self, tittel: str) -> None:
        if self.get_y() > self.h - 45:
            self.add_page()
        self.ln(3)
        self.set_font(FONT, "B", 12)
        self.cell(0, 7, tittel, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "", 10)

    def rad(self, etikett: str, verdi: object) -> None:
        """A label and its value; an empty value shows as a dash."""
        tekst = "–" if verdi is None or verdi == "" else str(verdi)
        self.set_font(FONT, "B", 10)
        self.cell(LABEL_WIDTH, 5, etikett)
        self.set_font(FONT, "", 10)
        self.multi_cell(0, 5, tekst, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def tekst(self, tekst: str, *, kursiv: bool = False) -> None:
        self.set_font(FONT, "I" if kursiv else "", 10)
        self.multi_cell(0, 5, tekst, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "", 10)

    def bytes(self) -> bytes:
        return bytes(self.output())
