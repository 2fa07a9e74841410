"""Reading a consultation's document into sections and paragraphs, from a Word file (DOCX) or
from Markdown. The readers are pure: they return `[(section title, [paragraph texts])]` for
`services.document_replace`, or raise `DocumentError` naming the problem, and write nothing.

What becomes what:

- DOCX: a paragraph in a "Heading 1" to "Heading 9" or "Title" style starts a section named by
  its text; every other non-empty paragraph is a paragraph of the current section. A table gives
  one paragraph per row, its cells' texts joined by " | " (a merged cell counts once), so that
  each row can be commented on. Empty paragraphs and rows are skipped.
- Markdown: a line starting with one to six `#` starts a section; blank lines separate
  paragraphs, and the lines of one paragraph are joined by a space. Each item of a list (`-`,
  `*`, `+`, `1.` or `1)`) is a paragraph of its own, so that each can be commented on; bullets
  are dropped, numbers are kept because the text may refer to them. Other Markdown (emphasis,
  links) is kept as typed.
- Headings that follow each other with no paragraph between them (a title, then a first
  chapter) make one section, their texts joined by " — ". Text before the first heading is a
  section without a title.
"""

from __future__ import annotations

import re
import zipfile
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

Sections = list[tuple[str, list[str]]]

MAX_DOCX_BYTES = 10 * 1024 * 1024
MAX_MARKDOWN_CHARACTERS = 1_000_000
MAX_PARAGRAPHS = 5_000
SECTION_TITLE_LENGTH = 300

HEADING_STYLES = re.compile(r"^(Heading [1-9]|Title)$")
MARKDOWN_HEADING = re.compile(r"^\s{0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$")
BULLET = re.compile(r"^\s{0,3}[-*+]\s+(.*)$")
NUMBERED = re.compile(r"^\s{0,3}(\d{1,9}[.)]\s+.*)$")


class DocumentError(ValidationError):
    """The document cannot be read; the message says why and what to do."""


class _Builder:
    """Collects sections, joining headings that follow each other without text."""

    def __init__(self) -> None:
        self.sections: Sections = []
        self.paragraph_count = 0

    def heading(self, text: str) -> None:
        text = " ".join(text.split())
        if not text:
            return
        if self.sections and not self.sections[-1][1]:
            title = f"{self.sections[-1][0]} — {text}" if self.sections[-1][0] else text
            self.sections[-1] = (title[:SECTION_TITLE_LENGTH], [])
        else:
            self.sections.append((text[:SECTION_TITLE_LENGTH], []))

    def paragraph(self, text: str) -> None:
        text = text.strip()
        if not text:
            return
        if not self.sections:
            self.sections.append(("", []))
        self.paragraph_count += 1
        if self.paragraph_count > MAX_PARAGRAPHS:
            raise DocumentError(
                _(
                    "The document has more than %(limit)d paragraphs. Split it into several "
                    "consultations."
                )
                % {"limit": MAX_PARAGRAPHS},
                code="too_many_paragraphs",
            )
        self.sections[-1][1].append(text)

    def result(self) -> Sections:
        sections = [(title, texts) for title, texts in self.sections if texts]
        if not sections:
            raise DocumentError(
                _(
                    "The document has no text: nothing to consult on. Check that it is the right "
                    "file."
                ),
                code="empty",
            )
        return sections


# DOCX ---------------------------------------------------------------------------------------


def _kind_of(head: bytes) -> str:
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    return "other"


def read_docx(file: IO[bytes], *, size: int | None = None) -> Sections:
    """The sections of a Word document (.docx)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    if size is None:
        file.seek(0, 2)
        size = file.tell()
    file.seek(0)
    if size > MAX_DOCX_BYTES:
        raise DocumentError(
            _("The file is %(size)s MB; a document can be at most %(limit)d MB.")
            % {"size": f"{size / 1024 / 1024:.1f}", "limit": MAX_DOCX_BYTES // 1024 // 1024},
            code="too_large",
        )
    if size == 0:
        raise DocumentError(_("The file is empty."), code="empty_file")
    kind = _kind_of(file.read(8))
    file.seek(0)
    if kind == "pdf":
        raise DocumentError(
            _(
                "This file is a PDF, not a Word document (.docx). Upload the .docx file, or "
                "paste the text as Markdown."
            ),
            code="not_docx",
        )
    if kind in {"doc", "rtf"}:
        raise DocumentError(
            _(
                "This file is in an older Word format (.doc or .rtf). Open it in a word "
                "processor, save it as .docx and upload that."
            ),
            code="not_docx",
        )
    if kind != "zip":
        raise DocumentError(
            _(
                "This file is not a Word document (.docx). Upload a .docx file, or paste the "
                "text as Markdown."
            ),
            code="not_docx",
        )
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise DocumentError(
            _("The file is damaged: it cannot be opened as a Word document (.docx)."),
            code="corrupt",
        ) from error
    if "word/document.xml" not in names:
        raise DocumentError(
            _(
                "This file is a ZIP archive but not a Word document (.docx): it has no "
                "document text inside."
            ),
            code="not_docx",
        )
    if unpacked > 20 * MAX_DOCX_BYTES:
        raise DocumentError(
            _("The document unpacks to more than %(limit)d MB, which is too large.")
            % {"limit": 20 * MAX_DOCX_BYTES // 1024 // 1024},
            code="too_large",
        )
    file.seek(0)
    try:
        document = docx.Document(file)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise DocumentError(
            _("The file is damaged: it cannot be opened as a Word document (.docx)."),
            code="corrupt",
        ) from error
    except Exception as error:  # lxml's XMLSyntaxError and the like: a broken document part
        raise DocumentError(
            _("The file is damaged: it cannot be opened as a Word document (.docx)."),
            code="corrupt",
        ) from error
    builder = _Builder()
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell appears once per grid column
                        continue
                    seen.add(id(cell._tc))
                    text = " ".join(cell.text.split())
                    if text:
                        cells.append(text)
                builder.paragraph(" | ".join(cells))
            continue
        style = block.style.name if block.style is not None else ""
        if HEADING_STYLES.match(style or ""):
            builder.heading(block.text)
        else:
            builder.paragraph(block.text)
    return builder.result()


# Markdown -----------------------------------------------------------------------------------


def read_markdown(text: str) -> Sections:
    """The sections of a document written in Markdown."""
    if len(text) > MAX_MARKDOWN_CHARACTERS:
        raise DocumentError(
            _("The text has %(length)s characters; a document can have at most %(limit)s.")
            % {"length": f"{len(text):,}", "limit": f"{MAX_MARKDOWN_CHARACTERS:,}"},
            code="too_large",
        )
    builder = _Builder()
    lines: list[str] = []

    def flush() -> None:
        if lines:
            builder.paragraph(" ".join(line.strip() for line in lines))
            lines.clear()

    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        heading = MARKDOWN_HEADING.match(line)
        if heading:
            flush()
            builder.heading(heading.group(2) or "")
            continue
        if not line.strip():
            flush()
            continue
        bullet = BULLET.match(line)
        numbered = NUMBERED.match(line)
        if bullet or numbered:
            flush()
            lines.append(bullet.group(1) if bullet else numbered.group(1))  # type: ignore[union-attr]
            continue
        lines.append(line)
    flush()
    return builder.result()


def counts(sections: Sections) -> tuple[int, int]:
    """(sections, paragraphs) of a read document."""
    return len(sections), sum(len(texts) for _title, texts in sections)
