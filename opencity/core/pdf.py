"""PDF documents (consultation reports, certificates of participation) drawn with fpdf2 in
DejaVu Sans, which covers the Latin, Romanian and Cyrillic letters of every language of the
platform. The fonts ship inside the package (`core/fonts/`, with their licence), so that
nothing is fetched when a PDF is made."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"


class Document(FPDF):
    """An A4 document with the platform's font, tagged with its title and language."""

    def __init__(self, *, title: str, language: str, orientation: str = "portrait") -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_font(FONT, size=11)
        self.set_title(title)
        self.set_lang(language)
        self.set_creator("OpenCity")
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)

    def heading(self, text: str, size: int = 16) -> None:
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)
        self.set_font(FONT, "", 11)

    def paragraph(self, text: str, size: int = 11) -> None:
        self.set_font(FONT, "", size)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)

    def to_bytes(self) -> bytes:
        return bytes(self.output())
