"""Methodologies of transparency rankings, as data: areas, indicators, scales and categories.

A methodology is edited while it is a draft and frozen when a cycle opens on it; a frozen
methodology never changes again (`services` refuses every write). A new edition is a clone whose
indicators point at their predecessors, so that trends survive changes of the methodology.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from opencity.rankings.phases import Phase, allows, phase_on


class MethodologyStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    FROZEN = "frozen", _("frozen")


class ScaleKind(models.TextChoices):
    BINARY = "binary", _("yes / no (1 / 0)")
    ZERO_ONE_TWO = "zero_one_two", _("0 / 1 / 2")
    FULL_HALF_NONE = "full_half_none", _("full / half / none (1 / 0.5 / 0)")
    LETTERED = "lettered", _("lettered answers with points")
    IMPLEMENTATION = "implementation", _("implementation levels without points")


class CheckMethod(models.TextChoices):
    ANALYSIS = "A", _("A: analytical conclusion of the research team")
    OPEN_DATA = "D", _("D: check against the open-data standard")
    WEBSITE = "W", _("W: website analysis")
    INFORMATION_REQUEST = "I", _("I: answer to an information request")
    STATISTICS = "T", _("T: online statistics")
    OTHER_SOURCES = "S", _("S: complaints, courts, media, CSO reports")


class RequirementType(models.TextChoices):
    LEGAL = "legal", _("legal requirement")
    BEST_PRACTICE = "best_practice", _("best practice")
    MIXED = "mixed", _("mixed")


class MethodologyQuerySet(models.QuerySet["Methodology"]):
    def public(self) -> MethodologyQuerySet:
        """Frozen methodologies are public; drafts are work in progress of the coalition."""
        return self.filter(status=MethodologyStatus.FROZEN)


class Methodology(models.Model):
    name = models.CharField(_("name"), max_length=200)
    edition = models.PositiveIntegerField(_("edition"), help_text=_("Usually the year."))
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MethodologyStatus.choices,
        default=MethodologyStatus.DRAFT,
    )
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("previous edition"),
    )
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MethodologyQuerySet.as_manager()

    class Meta:
        verbose_name = _("methodology")
        verbose_name_plural = _("methodologies")
        ordering = ["-edition", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "edition", "version"], name="methodology_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.edition} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("rankings:methodology", kwargs={"pk": self.pk})

    @property
    def is_frozen(self) -> bool:
        return self.status == MethodologyStatus.FROZEN


class Scale(models.Model):
    methodology = models.ForeignKey(
        Methodology, on_delete=models.CASCADE, related_name="scales", verbose_name=_("methodology")
    )
    code = models.CharField(_("code"), max_length=32)
    kind = models.CharField(_("kind"), max_length=32, choices=ScaleKind.choices)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("scale")
        verbose_name_plural = _("scales")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["methodology", "code"], name="scale_unique_code")
        ]

    def __str__(self) -> str:
        return self.name or self.code


class ScaleLevel(models.Model):
    """One answer an assessor may give on a scale, and what it is worth."""

    scale = models.ForeignKey(
        Scale, on_delete=models.CASCADE, related_name="levels", verbose_name=_("scale")
    )
    code = models.CharField(_("code"), max_length=16)
    label = models.CharField(_("label"), max_length=200)
    points = models.DecimalField(
        _("points"),
        max_digits=8,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("Empty for levels without points and for 'not applicable'."),
    )
    not_applicable = models.BooleanField(
        _("not applicable"),
        default=False,
        help_text=_("The indicator then leaves the total instead of counting as zero."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("scale level")
        verbose_name_plural = _("scale levels")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="scale_level_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.label}"


class Area(models.Model):
    methodology = models.ForeignKey(
        Methodology, on_delete=models.CASCADE, related_name="areas", verbose_name=_("methodology")
    )
    code = models.CharField(_("code"), max_length=32)
    title = models.CharField(_("title"), max_length=300)
    order = models.PositiveIntegerField(_("order"), default=0)
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=3, default=1)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["methodology", "code"], name="area_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Indicator(models.Model):
    methodology = models.ForeignKey(
        Methodology,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("methodology"),
    )
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("area")
    )
    code = models.CharField(_("code"), max_length=32)
    title = models.CharField(_("title"), max_length=500)
    guidance = models.TextField(_("guidance for assessors"), blank=True)
    check_method = models.CharField(_("check method"), max_length=1, choices=CheckMethod.choices)
    requirement_type = models.CharField(
        _("requirement type"), max_length=16, choices=RequirementType.choices
    )
    scale = models.ForeignKey(
        Scale, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("scale")
    )
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=3, default=1)
    order = models.PositiveIntegerField(_("order"), default=0)
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("indicator in the previous edition"),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["methodology", "code"], name="indicator_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class CategoryThreshold(models.Model):
    """A category a total falls into from `minimum` upwards (e.g. transparent from 75)."""

    methodology = models.ForeignKey(
        Methodology,
        on_delete=models.CASCADE,
        related_name="thresholds",
        verbose_name=_("methodology"),
    )
    code = models.CharField(_("code"), max_length=32)
    label = models.CharField(_("label"), max_length=200)
    minimum = models.DecimalField(_("minimum total"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("category threshold")
        verbose_name_plural = _("category thresholds")
        ordering = ["-minimum"]
        constraints = [
            models.UniqueConstraint(fields=["methodology", "code"], name="threshold_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.label} ≥ {self.minimum}"


class CycleQuerySet(models.QuerySet["Cycle"]):
    def for_municipality(self, municipality: object) -> CycleQuerySet:
        return self.filter(municipalities=municipality)

    def published(self) -> CycleQuerySet:
        """Cycles with at least one publication: the only ones whose results are public."""
        return self.filter(models.Exists(Publication.objects.filter(cycle=models.OuterRef("pk"))))


class Cycle(models.Model):
    """One round of assessment on a frozen methodology. Its dates decide its phase."""

    methodology = models.ForeignKey(
        Methodology, on_delete=models.PROTECT, related_name="cycles", verbose_name=_("methodology")
    )
    year = models.PositiveIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=200)
    municipalities = models.ManyToManyField(
        "places.Municipality", related_name="ranking_cycles", verbose_name=_("municipalities")
    )
    information_requests_start = models.DateField(_("information requests from"))
    assessment_start = models.DateField(_("assessment from"))
    review_start = models.DateField(_("review from"))
    reply_start = models.DateField(_("city reply from"))
    publication_date = models.DateField(_("publication on"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering = ["-year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(information_requests_start__lte=models.F("assessment_start"))
                & models.Q(assessment_start__lte=models.F("review_start"))
                & models.Q(review_start__lte=models.F("reply_start"))
                & models.Q(reply_start__lte=models.F("publication_date")),
                name="cycle_phases_in_order",
                violation_error_message=_("The phases must follow each other in time."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year}"

    def phase(self, day: datetime.date | None = None) -> Phase:
        return phase_on(
            day or timezone.localdate(),
            information_requests_start=self.information_requests_start,
            assessment_start=self.assessment_start,
            review_start=self.review_start,
            reply_start=self.reply_start,
            publication_date=self.publication_date,
        )

    def allows(self, action: str, day: datetime.date | None = None) -> bool:
        return allows(self.phase(day), action)

    def current_publication(self) -> Publication | None:
        return self.publications.order_by("-version").first()


class Assignment(models.Model):
    """Who assesses a municipality in a cycle, and who reviews that work."""

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("cycle")
    )
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        related_name="ranking_assignments",
        verbose_name=_("municipality"),
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments_assigned",
        verbose_name=_("assessor"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews_assigned",
        verbose_name=_("reviewer"),
    )
    disqualification_reason = models.TextField(
        _("reason for disqualification"),
        blank=True,
        help_text=_(
            "A disqualified municipality keeps its page with this reason and gets no rank."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "municipality"], name="assignment_unique_municipality"
            ),
            models.CheckConstraint(
                condition=~models.Q(assessor=models.F("reviewer")),
                name="assignment_reviewer_is_not_assessor",
                violation_error_message=_("Nobody reviews their own scoring."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} · {self.municipality}"


class AnswerState(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned")
    APPROVED = "approved", _("approved")


class Answer(models.Model):
    """The assessment of one indicator for one municipality in one cycle."""

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="answers", verbose_name=_("cycle")
    )
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        related_name="ranking_answers",
        verbose_name=_("municipality"),
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="answers", verbose_name=_("indicator")
    )
    level = models.ForeignKey(
        ScaleLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("level"),
    )
    evidence_urls = models.JSONField(_("evidence links"), default=list, blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to="evidence/%Y/%m/", blank=True, max_length=300
    )
    evidence_file_sha256 = models.CharField(
        _("SHA-256 of the evidence file"), max_length=64, blank=True
    )
    comment = models.TextField(_("assessor comment"), blank=True)
    recommendation = models.TextField(_("recommendation to the city"), blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=AnswerState.choices, default=AnswerState.NOT_STARTED
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    revision = models.PositiveIntegerField(
        _("revision"), default=0, help_text=_("Grows with every saved change; detects conflicts.")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "municipality", "indicator"], name="answer_unique_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} · {self.indicator.code}"


class ArchiveStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be archived")
    ARCHIVED = "archived", _("archived")
    FAILED = "failed", _("could not be archived")


class EvidenceArchive(models.Model):
    """The copy of an evidence link as it was when the answer was saved: fetched once, never
    replaced, so that a page changed afterwards cannot change what the score rests on."""

    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="archives", verbose_name=_("answer")
    )
    url = models.URLField(_("address"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=16, choices=ArchiveStatus.choices, default=ArchiveStatus.PENDING
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    fetched_at = models.DateTimeField(_("archived on"), null=True, blank=True)
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    content_type = models.CharField(_("content type"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    truncated = models.BooleanField(
        _("cut at the size limit"), default=False, help_text=_("Only the first bytes were kept.")
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    content = models.FileField(
        _("stored copy"), upload_to="evidence-archive/%Y/%m/", blank=True, max_length=300
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("archived evidence")
        verbose_name_plural = _("archived evidence")
        ordering = ["answer", "url"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "url"], name="evidence_archive_unique_url")
        ]

    def __str__(self) -> str:
        return self.url


class DisputeState(models.TextChoices):
    OPEN = "open", _("waiting for a decision")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class Dispute(models.Model):
    """A city hall's reply to one draft answer: the level it proposes, why, and the evidence.

    A reviewer accepts it (the answer takes the proposed level, with history) or rejects it with
    a reason. Disputes and their resolutions are public once the cycle is published; the person
    who wrote it is not: public pages name the city hall only.
    """

    answer = models.ForeignKey(
        Answer, on_delete=models.PROTECT, related_name="disputes", verbose_name=_("answer")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="ranking_disputes",
        verbose_name=_("city hall"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="ranking_disputes",
        verbose_name=_("written by"),
    )
    proposed_level = models.ForeignKey(
        ScaleLevel, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed level")
    )
    explanation = models.TextField(_("explanation"))
    evidence_urls = models.JSONField(_("evidence links"), default=list, blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to="dispute-evidence/%Y/%m/", blank=True, max_length=300
    )
    state = models.CharField(
        _("state"), max_length=16, choices=DisputeState.choices, default=DisputeState.OPEN
    )
    level_before = models.ForeignKey(
        ScaleLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("level when disputed"),
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    resolution_reason = models.TextField(_("reason for the decision"), blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("decided"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["answer"],
                condition=models.Q(state="open"),
                name="dispute_one_open_per_answer",
                violation_error_message=_("This answer already has a dispute waiting."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.answer} · {self.get_state_display()}"


class PublicationQuerySet(models.QuerySet["Publication"]):
    def latest_per_cycle(self) -> PublicationQuerySet:
        """The current version of every published cycle (a correction replaces its predecessor)."""
        newer = Publication.objects.filter(
            cycle=models.OuterRef("cycle"), version__gt=models.OuterRef("version")
        )
        return self.filter(~models.Exists(newer))


class Publication(models.Model):
    """An immutable snapshot of a cycle's results. A correction is a new version with a reason;
    earlier versions stay viewable, and `changelog` says what the new version changed."""

    cycle = models.ForeignKey(
        Cycle, on_delete=models.PROTECT, related_name="publications", verbose_name=_("cycle")
    )
    version = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published by"),
    )
    reason = models.TextField(_("reason for the correction"), blank=True)
    changelog = models.JSONField(_("changes from the previous version"), default=list, blank=True)
    municipality_count = models.PositiveIntegerField(_("municipalities"), default=0)
    average_total = models.DecimalField(
        _("average total"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    area_averages = models.JSONField(_("average per area"), default=dict, blank=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-cycle__year", "cycle", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "version"], name="publication_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.cycle} v{self.version}"


class SnapshotJSONField(models.JSONField):
    """A JSON column of a publication's snapshot, written a few hundred rows per INSERT.

    For a bulk insert PostgreSQL gets from Django one array per column (`UNNEST`) unless a field
    sets its own placeholder; psycopg quotes every JSON value of such an array in Python,
    character by character, which for a cycle's snapshot (a hundred megabytes) costs more than
    scoring it. With a placeholder every value is a parameter of its own, sent as it is.
    """

    def get_placeholder(self, value: object, compiler: object, connection: object) -> str:
        return "%s"


class SnapshotDocumentField(SnapshotJSONField):
    """A JSON column that is only ever read whole, never searched by key: plain `json` on
    PostgreSQL (kept as the text it was sent as, which costs less to write than `jsonb`), the
    usual JSON text column elsewhere."""

    def db_type(self, connection: BaseDatabaseWrapper) -> str | None:
        if connection.vendor == "postgresql":
            return "json"
        return super().db_type(connection)

    def get_db_prep_value(
        self, value: object, connection: BaseDatabaseWrapper, prepared: bool = False
    ) -> object:
        if connection.vendor != "postgresql":
            return super().get_db_prep_value(value, connection, prepared)
        from django.db.backends.postgresql.operations import get_json_dumps
        from psycopg.types.json import Json

        if not prepared:
            value = self.get_prep_value(value)
        return Json(value, dumps=get_json_dumps(self.encoder))

    def from_db_value(
        self, value: object, expression: object, connection: BaseDatabaseWrapper
    ) -> object:
        # psycopg decodes `json` itself (Django's connection leaves only `jsonb` as text).
        if connection.vendor == "postgresql":
            return value
        return super().from_db_value(value, expression, connection)


class PublishedResult(models.Model):
    """One municipality in a publication: what the public pages, downloads and API show.

    `area_scores` maps an area code to its score out of 100 (null when nothing in the area was
    applicable); `levels` maps an indicator code to the level given (null: unanswered);
    `answers` lists every answer with its points, evidence, archived copies, comment and
    recommendation, in the methodology's order.
    """

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="results", verbose_name=_("publication")
    )
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        related_name="published_results",
        verbose_name=_("municipality"),
    )
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=1, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=32, blank=True)
    earned = models.DecimalField(_("points earned"), max_digits=10, decimal_places=2)
    possible = models.DecimalField(_("points possible"), max_digits=10, decimal_places=2)
    disqualification_reason = models.TextField(_("reason for disqualification"), blank=True)
    area_scores = SnapshotJSONField(_("score per area"), default=dict)
    levels = SnapshotJSONField(_("level per indicator"), default=dict)
    answers = SnapshotDocumentField(_("answers"), default=list)

    class Meta:
        verbose_name = _("published result")
        verbose_name_plural = _("published results")
        # Unranked (disqualified) municipalities come last on both databases.
        ordering = ["publication", models.F("rank").asc(nulls_last=True), "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "municipality"], name="published_result_unique"
            )
        ]
        indexes = [models.Index(fields=["publication", "rank"])]

    def __str__(self) -> str:
        return f"{self.publication} · {self.municipality}"


def methodology_of(part: models.Model) -> Methodology:
    """The methodology a methodology, or any part of one, belongs to."""
    if isinstance(part, Methodology):
        return part
    if isinstance(part, ScaleLevel):
        return part.scale.methodology
    return part.methodology  # type: ignore[attr-defined, no-any-return]
