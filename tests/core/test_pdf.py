from __future__ import annotations

import io

from pypdf import PdfReader

from opencity.core.pdf import Document


def test_a_pdf_carries_every_alphabet_of_the_platform():
    document = Document(title="Звіт", language="uk")
    document.add_page()
    document.heading("Звіт про консультацію")
    document.paragraph("Română: științe, Iași. Български: Здравейте.")
    reader = PdfReader(io.BytesIO(document.to_bytes()))
    text = reader.pages[0].extract_text()
    assert "Звіт про консультацію" in text
    assert "științe" in text and "Здравейте" in text
    assert reader.metadata.title == "Звіт"
