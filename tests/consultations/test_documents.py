"""Reading a consultation's document: Word files built here with python-docx, Markdown, and
every kind of bad input, refused with a message naming the problem and nothing changed."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from opencity.consultations import documents, services
from opencity.consultations.documents import DocumentError, read_docx, read_markdown
from opencity.consultations.models import ConsultationStatus
from tests.consultations.factories import ConsultationFactory, ParagraphFactory, SectionFactory


def _docx(build) -> io.BytesIO:  # type: ignore[no-untyped-def]
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    out.seek(0)
    return out


def _message(error: pytest.ExceptionInfo[DocumentError]) -> str:
    return " ".join(error.value.messages)


# DOCX -----------------------------------------------------------------------------------------


def test_headings_start_sections_and_paragraphs_follow_in_order() -> None:
    def build(document):  # type: ignore[no-untyped-def]
        document.add_paragraph("Preamble before any heading.")
        document.add_heading("Draft decision on the city budget", level=0)  # style "Title"
        document.add_heading("Chapter 1. General provisions", level=1)
        document.add_paragraph("The budget is public.")
        document.add_paragraph("")
        document.add_paragraph("   ")
        document.add_paragraph("Every citizen may comment.")
        document.add_heading("Розділ 2. Прикінцеві положення", level=2)
        document.add_paragraph("Рішення набирає чинності з дня оприлюднення.")

    sections = read_docx(_docx(build))
    assert sections == [
        ("", ["Preamble before any heading."]),
        (
            "Draft decision on the city budget — Chapter 1. General provisions",
            ["The budget is public.", "Every citizen may comment."],
        ),
        ("Розділ 2. Прикінцеві положення", ["Рішення набирає чинності з дня оприлюднення."]),
    ]
    assert documents.counts(sections) == (3, 4)


def test_a_table_gives_one_paragraph_per_row_in_its_place() -> None:
    def build(document):  # type: ignore[no-untyped-def]
        document.add_heading("Annex", level=1)
        document.add_paragraph("Before the table.")
        table = document.add_table(rows=3, cols=2)
        table.cell(0, 0).text = "Item"
        table.cell(0, 1).text = "Amount"
        table.cell(1, 0).text = "Roads"
        table.cell(1, 1).text = "1,000"
        merged = table.cell(2, 0).merge(table.cell(2, 1))
        merged.text = "Total to be decided"
        document.add_paragraph("After the table.")

    assert read_docx(_docx(build)) == [
        (
            "Annex",
            [
                "Before the table.",
                "Item | Amount",
                "Roads | 1,000",
                "Total to be decided",
                "After the table.",
            ],
        )
    ]


def test_a_word_document_with_nothing_in_it_is_refused() -> None:
    def build(document):  # type: ignore[no-untyped-def]
        document.add_heading("Only a heading", level=1)
        document.add_paragraph("")

    with pytest.raises(DocumentError, match="no text") as error:
        read_docx(_docx(build))
    assert error.value.code == "empty"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "is a PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "older Word format"),
        (b"{\\rtf1\\ansi Hello}", "older Word format"),
        ("Просто текст, не документ".encode(), "not a Word document"),
        (b"PK\x03\x04" + b"\0" * 40, "damaged"),
        (b"", "empty"),
    ],
    ids=["pdf", "doc", "rtf", "text", "corrupt-zip", "empty-file"],
)
def test_a_file_that_is_not_a_word_document_is_refused_naming_what_it_is(
    content: bytes, expected: str
) -> None:
    with pytest.raises(DocumentError) as error:
        read_docx(io.BytesIO(content))
    assert expected in _message(error)


def test_a_zip_that_is_not_a_word_document_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(DocumentError, match="no document text inside"):
        read_docx(out)


def test_a_word_document_with_a_broken_part_is_refused_as_damaged() -> None:
    good = _docx(lambda d: d.add_paragraph("Text."))
    broken = io.BytesIO()
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]  # cut in the middle of the XML
            target.writestr(item, data)
    with pytest.raises(DocumentError, match="damaged"):
        read_docx(broken)


def test_a_file_over_the_size_limit_is_refused_with_its_size(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(documents, "MAX_DOCX_BYTES", 1024)
    big = _docx(lambda d: [d.add_paragraph("Long text. " * 200) for _ in range(20)])
    with pytest.raises(DocumentError, match="at most") as error:
        read_docx(big)
    assert error.value.code == "too_large"


def test_too_many_paragraphs_are_refused(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(documents, "MAX_PARAGRAPHS", 3)
    with pytest.raises(DocumentError, match="more than 3 paragraphs"):
        read_markdown("a\n\nb\n\nc\n\nd")


# Markdown -------------------------------------------------------------------------------------


def test_markdown_headings_start_sections_and_blank_lines_separate_paragraphs() -> None:
    text = (
        "Introduction without a heading.\n\n"
        "# Draft decision\n"
        "## 1. General provisions\n\n"
        "The budget is public\nand open to comment.\n\n\n"
        "Second paragraph.\r\n\r\n"
        "## 2. Lists\n"
        "- first item\n"
        "- second item\n"
        "  continued on the next line\n"
        "\n"
        "1. numbered one\n"
        "2) numbered two\n"
        "#### Closing ####\n"
        "The **end**.\n"
    )
    assert read_markdown(text) == [
        ("", ["Introduction without a heading."]),
        (
            "Draft decision — 1. General provisions",
            ["The budget is public and open to comment.", "Second paragraph."],
        ),
        (
            "2. Lists",
            [
                "first item",
                "second item continued on the next line",
                "1. numbered one",
                "2) numbered two",
            ],
        ),
        ("Closing", ["The **end**."]),
    ]


@pytest.mark.parametrize("text", ["", "   \n\n  ", "# Only\n## Headings\n"])
def test_markdown_without_text_is_refused(text: str) -> None:
    with pytest.raises(DocumentError, match="no text"):
        read_markdown(text)


def test_markdown_over_the_size_limit_is_refused() -> None:
    with pytest.raises(DocumentError, match="at most 1,000,000"):
        read_markdown("x" * (documents.MAX_MARKDOWN_CHARACTERS + 1))


def test_a_long_heading_is_cut_to_the_length_of_a_section_title() -> None:
    sections = read_markdown("# " + "Title " * 100 + "\n\nText.")
    assert len(sections[0][0]) == documents.SECTION_TITLE_LENGTH


# Through the service: a refusal changes nothing ------------------------------------------------


@pytest.mark.django_db
def test_a_refused_document_leaves_the_present_one_as_it_was(make_person, city_hall) -> None:  # type: ignore[no-untyped-def]
    official = make_person("city_official")
    consultation = ConsultationFactory(organiser=city_hall, status=ConsultationStatus.DRAFT)
    section = SectionFactory(consultation=consultation, order=1, title="Kept")
    ParagraphFactory(consultation=consultation, section=section, order=1, text="Kept text.")
    with pytest.raises(DocumentError):
        services.document_replace(
            actor=official,
            consultation=consultation,
            sections=read_docx(io.BytesIO(b"%PDF-1.4 not a docx")),
        )
    assert list(consultation.paragraphs.values_list("text", flat=True)) == ["Kept text."]
    count = services.document_replace(
        actor=official,
        consultation=consultation,
        sections=read_docx(_docx(lambda d: [d.add_heading("New", 1), d.add_paragraph("New.")])),
    )
    assert count == 1
    assert list(consultation.sections.values_list("title", flat=True)) == ["New"]
