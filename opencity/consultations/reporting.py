"""The consultation report ("what you proposed, what we did"): its snapshot, and the page, PDF
and CSV made from it.

`snapshot(consultation)` reads the live data once, when a version is published, into plain JSON:
every proposal (a visible top-level comment) with its paragraph, supports, author's public name
and the organiser's response, the counts per outcome and per section, and the document's final
text beside its draft with the word-level changes. Everything shown afterwards reads only the
snapshot, so a version never changes and every reader gets the same PDF and CSV bytes (written
in the language of the document, dated by the version's publication).

Replies are part of the discussion and are not proposals; hidden comments are left out.
"""

from __future__ import annotations

import csv
import datetime
import difflib
import io
import re
from collections import Counter
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from opencity.consultations.models import Comment, Consultation, Outcome, Report

SNAPSHOT_FORMAT = 1
WHOLE_DOCUMENT = "whole"
TOKENS = re.compile(r"\s+|[^\s]+")

# Diff operations in a snapshot.
EQUAL, INSERTED, DELETED = "equal", "insert", "delete"


def word_diff(draft: str, final: str) -> list[list[str]]:
    """The change from `draft` to `final` word by word: `[operation, text]` pieces, where the
    operation is "equal", "insert" or "delete". White space travels with the words."""
    before, after = TOKENS.findall(draft), TOKENS.findall(final)
    pieces: list[list[str]] = []

    def add(operation: str, tokens: list[str]) -> None:
        text = "".join(tokens)
        if not text:
            return
        if pieces and pieces[-1][0] == operation:
            pieces[-1][1] += text
        else:
            pieces.append([operation, text])

    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if tag == "equal":
            add(EQUAL, before[a_start:a_end])
        else:
            if a_end > a_start:
                add(DELETED, before[a_start:a_end])
            if b_end > b_start:
                add(INSERTED, after[b_start:b_end])
    return pieces


def _author_name(comment: Comment) -> str | None:
    author = comment.author
    if author is None or author.deleted_at is not None or not author.display_name:
        return None
    return author.display_name


def _iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds")


def snapshot(consultation: Consultation) -> dict[str, Any]:
    """Everything a report version shows, read from the live data in four queries."""
    sections = list(consultation.sections.order_by("order").prefetch_related("paragraphs"))
    paragraph_numbers: dict[int, tuple[int, int]] = {}
    text_sections = []
    number = 0
    for section_number, section in enumerate(sections, start=1):
        paragraphs = []
        for paragraph in sorted(section.paragraphs.all(), key=lambda p: p.order):
            number += 1
            paragraph_numbers[paragraph.pk] = (section_number, number)
            final = paragraph.final
            paragraphs.append(
                {
                    "number": number,
                    "draft": paragraph.text,
                    "final": final,
                    "removed": paragraph.removed,
                    "changed": paragraph.removed or final != paragraph.text,
                    "diff": word_diff(paragraph.text, final),
                }
            )
        text_sections.append(
            {"number": section_number, "title": section.title, "paragraphs": paragraphs}
        )
    comments = (
        Comment.objects.visible()
        .filter(consultation=consultation, parent__isnull=True)
        .select_related("author", "response")
        .order_by("created_at", "pk")
    )
    proposals = []
    outcome_counts: Counter[str] = Counter()
    section_counts: dict[str, Counter[str]] = {}
    for comment in comments:
        response = getattr(comment, "response", None)
        outcome = response.outcome if response is not None else ""
        section_number, paragraph_number = paragraph_numbers.get(
            comment.paragraph_id or 0, (None, None)
        )
        proposals.append(
            {
                "comment": comment.pk,
                "text": comment.text,
                "section": section_number,
                "paragraph": paragraph_number,
                "supports": comment.support_count,
                # The name the person chose to show, or None: "Anonymous" or "Former user" is
                # written at reading time, in the reader's language.
                "author": _author_name(comment),
                "former_user": comment.author is None or comment.author.deleted_at is not None,
                "written": _iso(comment.created_at),
                "outcome": outcome,
                "reason": response.reason if response is not None else "",
            }
        )
        outcome_counts[outcome or "none"] += 1
        key = WHOLE_DOCUMENT if section_number is None else str(section_number)
        section_counts.setdefault(key, Counter())[outcome or "none"] += 1
    per_section = []
    for section in text_sections:
        counter = section_counts.get(str(section["number"]), Counter())
        per_section.append(
            {
                "section": section["number"],
                "title": section["title"],
                "outcomes": {value: counter[value] for value in Outcome.values},
                "total": sum(counter.values()),
            }
        )
    whole = section_counts.get(WHOLE_DOCUMENT, Counter())
    per_section.append(
        {
            "section": None,
            "title": "",
            "outcomes": {value: whole[value] for value in Outcome.values},
            "total": sum(whole.values()),
        }
    )
    changed = sum(1 for s in text_sections for p in s["paragraphs"] if p["changed"])
    removed = sum(1 for s in text_sections for p in s["paragraphs"] if p["removed"])
    return {
        "format": SNAPSHOT_FORMAT,
        "consultation": {
            "title": consultation.title,
            "slug": consultation.slug,
            "organiser": consultation.organiser.name,
            "language": consultation.language,
            "opens_at": _iso(consultation.opens_at),
            "closes_at": _iso(consultation.closes_at),
        },
        "proposals": proposals,
        "counts": {
            "proposals": len(proposals),
            "outcomes": {value: outcome_counts[value] for value in Outcome.values},
            "unanswered": outcome_counts["none"],
            "sections": per_section,
            "paragraphs": number,
            "changed": changed,
            "removed": removed,
        },
        "text": text_sections,
    }


# Reading a version ---------------------------------------------------------------------------


def outcome_label(value: str) -> str:
    return str(dict(Outcome.choices).get(value, _("no response")))


def author_label(proposal: dict[str, Any]) -> str:
    if proposal.get("author"):
        return str(proposal["author"])
    return _("Former user") if proposal.get("former_user") else _("Anonymous")


def reference(proposal: dict[str, Any]) -> str:
    """Where a proposal was made, as a reader would say it."""
    if proposal.get("paragraph") is None:
        return _("The whole document")
    return _("Section %(section)s, paragraph %(paragraph)s") % {
        "section": proposal["section"],
        "paragraph": proposal["paragraph"],
    }


def section_label(row: dict[str, Any]) -> str:
    if row.get("section") is None:
        return _("The whole document")
    if row.get("title"):
        return _("Section %(number)s: %(title)s") % {
            "number": row["section"],
            "title": row["title"],
        }
    return _("Section %(number)s") % {"number": row["section"]}


def csv_bytes(report: Report) -> bytes:
    """One row per proposal, without its author: comments without personal data are open
    data. Written in the language of the document, so every reader gets the same file."""
    data = report.snapshot
    with translation.override(data["consultation"]["language"]):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(
            [
                _("section"),
                _("paragraph"),
                _("comment"),
                _("supports"),
                _("outcome"),
                _("reason"),
            ]
        )
        for proposal in data["proposals"]:
            writer.writerow(
                [
                    "" if proposal["section"] is None else proposal["section"],
                    "" if proposal["paragraph"] is None else proposal["paragraph"],
                    _cell(proposal["text"]),
                    proposal["supports"],
                    outcome_label(proposal["outcome"]) if proposal["outcome"] else "",
                    _cell(proposal["reason"]),
                ]
            )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell(value: str) -> str:
    """A spreadsheet would run a cell starting with one of these as a formula."""
    return "'" + value if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


def _diff_text(pieces: list[list[str]]) -> str:
    """The change in plain text for the PDF: [+inserted+] and [-deleted-]."""
    out = []
    for operation, text in pieces:
        if operation == INSERTED:
            out.append(_("[+%(text)s+]") % {"text": text})
        elif operation == DELETED:
            out.append(_("[-%(text)s-]") % {"text": text})
        else:
            out.append(text)
    return "".join(out)


def pdf_bytes(report: Report) -> bytes:
    """The report as a PDF in the language of the document, dated by its publication."""
    from opencity.core.pdf import Document

    data = report.snapshot
    language = data["consultation"]["language"]
    with translation.override(language):
        title = _("Consultation report: %(title)s") % {"title": data["consultation"]["title"]}
        document = Document(title=title, language=language)
        document.set_creation_date(report.published_at)
        document.add_page()
        document.heading(title)
        document.paragraph(
            _("%(organiser)s. Version %(version)s, published on %(date)s.")
            % {
                "organiser": data["consultation"]["organiser"],
                "version": report.version,
                "date": timezone.localtime(report.published_at).date().isoformat(),
            }
        )
        if report.reason:
            document.paragraph(_("Why this version: %(reason)s") % {"reason": report.reason})
        if report.summary:
            document.heading(_("Summary"), size=13)
            document.paragraph(report.summary)
        counts = data["counts"]
        document.heading(_("Responses by outcome"), size=13)
        document.paragraph(_("%(count)s proposals.") % {"count": counts["proposals"]})
        for value in Outcome.values:
            document.paragraph(
                _("%(outcome)s: %(count)s")
                % {"outcome": outcome_label(value), "count": counts["outcomes"][value]}
            )
        document.heading(_("What you proposed, what we did"), size=13)
        for proposal in data["proposals"]:
            document.set_font("DejaVu", "B", 10)
            document.multi_cell(
                0,
                5,
                _("%(where)s · %(author)s · %(count)s supports")
                % {
                    "where": reference(proposal),
                    "author": author_label(proposal),
                    "count": proposal["supports"],
                },
                new_x="LMARGIN",
                new_y="NEXT",
            )
            document.paragraph(proposal["text"], size=10)
            document.paragraph(
                _("%(outcome)s: %(reason)s")
                % {"outcome": outcome_label(proposal["outcome"]), "reason": proposal["reason"]},
                size=10,
            )
        document.heading(_("The final text"), size=13)
        document.paragraph(_("Changes from the draft: [+added+], [-removed-]."), size=9)
        for section in data["text"]:
            if section["title"]:
                document.heading(section["title"], size=12)
            for paragraph in section["paragraphs"]:
                values = {"number": paragraph["number"], "text": _diff_text(paragraph["diff"])}
                if paragraph["removed"]:
                    line = _("Paragraph %(number)s (removed): %(text)s") % values
                else:
                    line = _("Paragraph %(number)s. %(text)s") % values
                document.paragraph(line, size=10)
        return document.to_bytes()
