"""Public consultations on draft documents: sections and paragraphs, comments on a paragraph or
on the whole, one level of replies, supports, abuse reports and moderation, the organiser's
reasoned response to every comment, and the published report as an immutable version.

Drafts are the organiser's work in progress: public pages read consultations through
`Consultation.public`. Hidden comments stay in the database with the moderator's reason; public
pages read comments through `Comment.visible`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from opencity.consultations.phases import Phase, allows, phase_on

COMMENT_MAX_LENGTH = 4000


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class ConsultationQuerySet(models.QuerySet["Consultation"]):
    def public(self) -> ConsultationQuerySet:
        return self.filter(status=ConsultationStatus.PUBLISHED)

    def for_municipality(self, municipality: object) -> ConsultationQuerySet:
        return self.filter(municipality=municipality)


class PublicConsultationManager(models.Manager.from_queryset(ConsultationQuerySet)):  # type: ignore[misc]
    def get_queryset(self) -> ConsultationQuerySet:
        return super().get_queryset().public()


class Consultation(models.Model):
    organiser = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("organiser"),
        help_text=_("The city hall or government body that consults."),
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("municipality"),
    )
    member = models.ForeignKey(
        "actionplans.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("OGP member"),
    )
    commitments = models.ManyToManyField(
        "actionplans.Commitment",
        blank=True,
        related_name="consultations",
        verbose_name=_("linked commitments"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.DRAFT,
    )
    opens_at = models.DateTimeField(_("open for comments from"))
    closes_at = models.DateTimeField(_("open for comments until"))
    language = models.CharField(
        _("language of the document"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    all_objects = ConsultationQuerySet.as_manager()
    public = PublicConsultationManager()
    # The history model is registered in translation.py, once the translated fields exist.

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_at", "pk"]
        default_manager_name = "all_objects"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_it_opens",
                violation_error_message=_("A consultation must close after it opens."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", kwargs={"slug": self.slug})

    def phase(
        self, moment: datetime.datetime | None = None, *, has_report: bool | None = None
    ) -> Phase:
        """The current phase. `has_report` may be given by a selector that already knows it."""
        if has_report is None:
            has_report = self.reports.exists() if self.pk else False
        return phase_on(
            moment or timezone.now(),
            published=self.status == ConsultationStatus.PUBLISHED,
            opens_at=self.opens_at,
            closes_at=self.closes_at,
            has_report=has_report,
        )

    def allows(self, action: str, *, has_report: bool | None = None) -> bool:
        return allows(self.phase(has_report=has_report), action)


class Section(models.Model):
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("consultation"),
    )
    order = models.PositiveIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["consultation", "order"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "order"], name="section_unique_order")
        ]

    def __str__(self) -> str:
        return self.title or str(self.order)


class Paragraph(models.Model):
    """A paragraph of the draft; `final_text` is the text after the review (empty: unchanged,
    `removed`: the paragraph was dropped)."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="paragraphs",
        verbose_name=_("consultation"),
    )
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="paragraphs", verbose_name=_("section")
    )
    order = models.PositiveIntegerField(_("order"))
    text = models.TextField(_("draft text"))
    final_text = models.TextField(_("final text"), blank=True)
    removed = models.BooleanField(_("removed from the final text"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["consultation", "order"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "order"], name="paragraph_unique_order")
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def final(self) -> str:
        """The paragraph as it reads after the review."""
        if self.removed:
            return ""
        return self.final_text or self.text


class CommentQuerySet(models.QuerySet["Comment"]):
    def visible(self) -> CommentQuerySet:
        return self.filter(hidden_at__isnull=True)


class Comment(models.Model):
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("consultation"),
    )
    paragraph = models.ForeignKey(
        Paragraph,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("paragraph"),
        help_text=_("Empty: a comment on the document as a whole."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("reply to"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_comments",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    support_count = models.PositiveIntegerField(_("supports"), default=0, editable=False)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True, editable=False)
    hidden_reason = models.TextField(_("why it was hidden"), blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["consultation", "created_at", "pk"]
        indexes = [models.Index(fields=["consultation", "paragraph", "created_at"])]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Support(models.Model):
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="supports", verbose_name=_("comment")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consultation_supports",
        verbose_name=_("person"),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="support_once")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.comment_id}"


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    PARTLY_ACCEPTED = "partly_accepted", _("partly accepted")
    NOT_ACCEPTED = "not_accepted", _("not accepted")
    OUT_OF_SCOPE = "out_of_scope", _("out of scope")


class Response(models.Model):
    """The organiser's reasoned answer to a comment."""

    comment = models.OneToOneField(
        Comment, on_delete=models.CASCADE, related_name="response", verbose_name=_("comment")
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    reason = models.TextField(_("reason"))
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responded by"),
    )
    responded_at = models.DateTimeField(_("answered"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return self.get_outcome_display()


class AbuseReport(models.Model):
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="abuse_reports", verbose_name=_("comment")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reason = models.TextField(_("what is wrong"), max_length=1000)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("abuse report")
        verbose_name_plural = _("abuse reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reason[:60]


class ModerationAction(models.TextChoices):
    HIDE = "hide", _("hidden")
    RESTORE = "restore", _("restored")
    DISMISS = "dismiss", _("reports dismissed")


class ModerationLogEntry(models.Model):
    """What a moderator did to a comment, and why: kept for ever."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="moderation_log", verbose_name=_("comment")
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("moderator"),
    )
    action = models.CharField(_("action"), max_length=16, choices=ModerationAction.choices)
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.comment_id}"


class Report(models.Model):
    """The published consultation report ("what you proposed, what we did"): an immutable
    snapshot. A correction is a new version with a reason; earlier versions stay visible."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("consultation"),
    )
    version = models.PositiveIntegerField(_("version"))
    summary = models.TextField(_("summary"), blank=True)
    reason = models.TextField(_("reason for this version"), blank=True)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    # Every proposal with its response, counts per outcome and per section, the draft and the
    # final text: written once by services.report_publish, never changed.
    snapshot = models.JSONField(_("contents"), default=dict)

    class Meta:
        verbose_name = _("consultation report")
        verbose_name_plural = _("consultation reports")
        ordering = ["consultation", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "version"], name="report_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse(
            "consultations:report",
            kwargs={"slug": self.consultation.slug, "version": self.version},
        )
