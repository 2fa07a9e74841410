"""The paragraphs and comments of the consultation page, written in Python.

A consultation of 2,000 comments over 100 paragraphs made the template loops take about 0.7 s of
the server's time (some thirty template nodes a comment, every number localised, a
`blocktranslate` per paragraph); writing the same markup here, with every translated string
looked up once per page, takes a small part of that. Every value is escaped (with the standard
library's `html.escape`, as Django's `escape` does, without its lazy-string wrapping).

The forms stay templates: the comment form under each paragraph is rendered once with
placeholders and filled in per paragraph; the rare forms opened under one comment (a reply, an
abuse report) and a form that came back refused are rendered for that place only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencity.consultations.selectors import CommentItem, ParagraphItem

COMMENT_FORM = "consultations/public/includes/comment_form.html"
# Stand-ins in the comment form rendered once, replaced by each paragraph's values. Neither
# can occur in a rendered form: they are not words and contain no character that is escaped.
REF = "PARAGRAPH_REF_0f3c"
LABEL = "PARAGRAPH_LABEL_0f3c"


def _text_html(text: str) -> str:
    """As the `linebreaksbr` filter: escaped, with line breaks kept (Django's lazy-aware
    `normalize_newlines` costs more than the rest of a comment)."""
    return escape(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")


@dataclass
class DocumentWriter:
    """Writes the paragraphs and comment lists of one page; `context` is its template context."""

    context: dict[str, Any]
    _dates: dict[Any, str] = field(default_factory=dict)
    _supports: dict[int, str] = field(default_factory=dict)
    _outcomes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        context = self.context
        organiser = context["consultation"].organiser.name
        self.supporting = bool(context["supporting"] and context["signed_in"])
        self.replying = bool(context["may_comment"])
        self.reporting = bool(context["reporting"])
        self.reply_to = context["reply_to"]
        self.report_on = context["report_on"]
        self.failed_paragraph = context["failed"].get("paragraph")
        self.timezone = timezone.get_current_timezone()
        self.replies_label = escape(_("Replies"))
        self.support_label = escape(_("Support"))
        self.withdraw_label = escape(_("Withdraw my support"))
        self.reply_label = escape(_("Reply"))
        self.report_label = escape(_("Report abuse"))
        self.no_comments = escape(_("No comments"))
        for value, label in context["outcome_labels"].items():
            self._outcomes[value] = escape(
                _("Response of %(organiser)s: %(outcome)s.")
                % {"organiser": organiser, "outcome": label}
            )
        self._blank_form = ""
        if self.replying:
            self._blank_form = self._form(
                COMMENT_FORM,
                kind="p",
                ref=REF,
                paragraph=REF,
                parent="",
                label=LABEL,
                failed_here=False,
            )

    def _form(self, template: str, **values: Any) -> str:
        return render_to_string(template, {**self.context, **values})

    def _date(self, moment: Any) -> tuple[str, str]:
        local = moment.astimezone(self.timezone)
        day = local.date()
        if day not in self._dates:
            self._dates[day] = escape(formats.date_format(day, "DATE_FORMAT"))
        return local.isoformat(), self._dates[day]

    def _count(self, count: int, singular: str, plural: str) -> str:
        return escape(
            ngettext(singular, plural, count)
            % {"count": formats.number_format(count, force_grouping=True)}
        )

    def _support_count(self, count: int) -> str:
        if count not in self._supports:
            self._supports[count] = self._count(count, "%(count)s support", "%(count)s supports")
        return self._supports[count]

    # Comments ------------------------------------------------------------------------------

    def _body(self, entry: CommentItem, out: list[str]) -> None:
        comment = entry.comment
        pk = str(comment.pk)
        if comment.hidden_at is not None:
            out.append(
                '<p class="cons-hidden">'
                + escape(_("Hidden by a moderator: %(reason)s") % {"reason": comment.hidden_reason})
                + "</p>"
            )
            return
        iso, shown = self._date(comment.created_at)
        out.append(
            f'<p class="cons-byline"><strong>{escape(entry.author_name)}</strong> · '
            f'<time datetime="{iso}">{shown}</time></p>'
            f'<div class="cons-text">{_text_html(comment.text)}</div>'
            f'<p class="cons-actions"><span>{self._support_count(comment.support_count)}</span>'
        )
        if self.supporting and not entry.own:
            # The buttons belong to the page's one support form (`form="support-form"`).
            if entry.supported:
                out.append(
                    f' <button type="submit" form="support-form" name="withdraw" value="{pk}" '
                    f'class="link-button">{self.withdraw_label}</button>'
                )
            else:
                out.append(
                    f' <button type="submit" form="support-form" name="comment" value="{pk}" '
                    f'class="link-button">{self.support_label}</button>'
                )
        if self.replying and not entry.is_reply:
            out.append(f' <a href="?reply={pk}#reply-{pk}">{self.reply_label}</a>')
        if self.reporting:
            out.append(
                f' <a href="?report={pk}#report-{pk}" rel="nofollow">{self.report_label}</a>'
            )
        out.append("</p>")
        response = entry.response
        if response is not None:
            out.append(
                f'<div class="cons-response"><p><strong>{self._outcomes[response.outcome]}'
                f"</strong> {_text_html(response.reason)}</p></div>"
            )
        if self.report_on == comment.pk:
            out.append(
                self._form(
                    "consultations/public/includes/report_form.html", e=entry, c=entry.comment
                )
            )

    def comments(self, entries: list[CommentItem], label: str) -> str:
        """The comments and their replies as nested lists (see selectors._thread_entries)."""
        out = [f'<ol class="cons-comments" aria-label="{escape(label)}">']
        for entry in entries:
            if entry.opens_replies:
                out.append(f'<ol class="cons-replies" aria-label="{self.replies_label}">')
            out.append(f'<li id="comment-{entry.comment.pk}" class="cons-comment">')
            self._body(entry, out)
            if self.reply_to == entry.comment.pk:
                out.append(
                    self._form(
                        "consultations/public/includes/reply_form.html", e=entry, c=entry.comment
                    )
                )
            if entry.is_reply or not entry.replies:
                out.append("</li>")
            if entry.closes_thread:
                out.append("</ol></li>")
        out.append("</ol>")
        return "".join(out)

    # Paragraphs ----------------------------------------------------------------------------

    def paragraph(self, item: ParagraphItem) -> SafeString:
        number = str(item.number)
        pk = str(item.paragraph.pk)
        out = [
            f'<div class="cons-paragraph" id="paragraph-{number}">'
            f'<p class="cons-paragraph-text"><a class="cons-number" href="#paragraph-{number}">'
            + escape(_("Paragraph %(number)s") % {"number": number})
            + f"</a> {_text_html(item.paragraph.text)}</p>"
            '<p class="cons-count">'
        ]
        if item.comment_count:
            count = self._count(item.comment_count, "%(count)s comment", "%(count)s comments")
            out.append(f'<a href="#comments-{number}">{count}</a></p>')
        else:
            out.append(f"{self.no_comments}</p>")
        if item.comments:
            label = _("Comments on paragraph %(number)s") % {"number": number}
            out.append(f'<div id="comments-{number}">{self.comments(item.comments, label)}</div>')
        if self.replying:
            failed_here = self.failed_paragraph == item.paragraph.pk
            summary = escape(_("Comment on paragraph %(number)s") % {"number": number})
            label = _("Your comment on paragraph %(number)s") % {"number": number}
            if failed_here:
                form = self._form(
                    COMMENT_FORM,
                    kind="p",
                    ref=pk,
                    paragraph=pk,
                    parent="",
                    label=label,
                    failed_here=True,
                )
            else:
                form = self._blank_form.replace(REF, pk).replace(LABEL, escape(label))
            opened = " open" if failed_here else ""
            out.append(
                f'<details class="cons-write"{opened}><summary>{summary}</summary>{form}</details>'
            )
        out.append("</div>")
        return mark_safe("".join(out))  # noqa: S308  (every value above is escaped)

    def general_comments(self, entries: list[CommentItem]) -> SafeString:
        return mark_safe(self.comments(entries, _("Comments on the whole document")))  # noqa: S308
