"""Open-government action plans: members, plans with their co-creation record, commitments,
milestones, progress reports and assessments on the IRM scales.

A plan in preparation is the member's work in progress: public pages read plans through
`ActionPlan.public`, which leaves drafts out, and commitments through `Commitment.public`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencity.actionplans import scales
from opencity.actionplans.scales import (
    DELAYED,
    AssessorKind,
    CoCreationKind,
    InfluenceLevel,
    MemberKind,
    MilestoneStatus,
    PlanStatus,
    ReportType,
)

PUBLIC_PLAN_STATUSES = (PlanStatus.IMPLEMENTATION, PlanStatus.COMPLETED, PlanStatus.WITHDRAWN)


class MemberQuerySet(models.QuerySet["Member"]):
    def national(self) -> MemberQuerySet:
        return self.filter(kind=MemberKind.NATIONAL)

    def local(self) -> MemberQuerySet:
        return self.filter(kind=MemberKind.LOCAL)

    def for_municipality(self, municipality: object) -> MemberQuerySet:
        return self.filter(municipality=municipality)


class Member(models.Model):
    """A government in the Open Government Partnership: national, or local (OGP Local)."""

    kind = models.CharField(_("kind"), max_length=16, choices=MemberKind.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    prefix = models.CharField(
        _("identifier prefix"),
        max_length=8,
        unique=True,
        help_text=_("Starts the identifiers of its commitments, as IAS in IAS0003."),
    )
    country = models.ForeignKey(
        "places.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ogp_members",
        verbose_name=_("country"),
    )
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ogp_members",
        verbose_name=_("municipality"),
        help_text=_("Required for a local member: the municipality it governs."),
    )
    region = models.CharField(
        _("OGP region"), max_length=100, blank=True, help_text=_("As in OGP's data, e.g. Europe.")
    )
    government = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ogp_memberships",
        verbose_name=_("government body"),
        help_text=_("Its officials keep the member's plans, milestones and progress up to date."),
    )
    monitoring_body = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ogp_monitored_members",
        verbose_name=_("monitoring body"),
    )
    joined_year = models.PositiveSmallIntegerField(_("joined in"), null=True, blank=True)

    objects = MemberQuerySet.as_manager()
    # The history model is registered in translation.py, once the translated fields exist.

    class Meta:
        verbose_name = _("OGP member")
        verbose_name_plural = _("OGP members")
        ordering = ["kind", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="local") | models.Q(municipality__isnull=False),
                name="local_member_has_municipality",
                violation_error_message=_("A local member must be linked to its municipality."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("actionplans:member", kwargs={"slug": self.slug})


class PolicyArea(models.Model):
    """A policy-area flag of OGP's commitment data (anti-corruption, open contracting, ...)."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("policy area")
        verbose_name_plural = _("policy areas")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ActionPlanQuerySet(models.QuerySet["ActionPlan"]):
    def public(self) -> ActionPlanQuerySet:
        return self.filter(status__in=PUBLIC_PLAN_STATUSES)


class PublicPlanManager(models.Manager.from_queryset(ActionPlanQuerySet)):  # type: ignore[misc]
    def get_queryset(self) -> ActionPlanQuerySet:
        return super().get_queryset().public()


class ActionPlan(models.Model):
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="plans", verbose_name=_("member")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    identifier = models.CharField(
        _("identifier"), max_length=40, unique=True, help_text=_("As in OGP's data, e.g. AP_ALB01.")
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    start_year = models.PositiveSmallIntegerField(_("from"))
    end_year = models.PositiveSmallIntegerField(_("to"))
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    url = models.URLField(_("address of the plan"), max_length=500, blank=True)
    # The co-creation record.
    influence_level = models.CharField(
        _("level of public influence"),
        max_length=16,
        choices=InfluenceLevel.choices,
        blank=True,
        help_text=_("On the IAP2 spectrum; OGP's minimum while a plan is developed is involve."),
    )
    minimum_requirements_met = models.BooleanField(
        _("minimum requirements met"), null=True, blank=True
    )
    co_creation_summary = models.TextField(_("how the plan was co-created"), blank=True)
    reasoned_response = models.TextField(
        _("reasoned response"),
        blank=True,
        help_text=_("What the public proposed, and why each proposal was taken up or not."),
    )
    reasoned_response_url = models.URLField(
        _("address of the reasoned response"), max_length=500, blank=True
    )

    # Drafts are the member's work in progress: public pages use `public`.
    all_objects = ActionPlanQuerySet.as_manager()
    public = PublicPlanManager()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["member", "number"]
        default_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(fields=["member", "number"], name="plan_unique_number"),
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="plan_period_in_order",
                violation_error_message=_("A plan cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.start_year}–{self.end_year}"

    def get_absolute_url(self) -> str:
        return reverse("actionplans:plan", kwargs={"identifier": self.identifier})

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_PLAN_STATUSES


class CoCreationEvent(models.Model):
    """A meeting or consultation held while the plan was developed or carried out."""

    plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.CASCADE,
        related_name="co_creation_events",
        verbose_name=_("action plan"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CoCreationKind.choices)
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    url = models.URLField(_("address of the record"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("co-creation event")
        verbose_name_plural = _("co-creation events")
        ordering = ["plan", "held_on", "pk"]

    def __str__(self) -> str:
        return self.title


class CommitmentQuerySet(models.QuerySet["Commitment"]):
    def public(self) -> CommitmentQuerySet:
        return self.filter(plan__status__in=PUBLIC_PLAN_STATUSES)


class PublicCommitmentManager(models.Manager.from_queryset(CommitmentQuerySet)):  # type: ignore[misc]
    def get_queryset(self) -> CommitmentQuerySet:
        return super().get_queryset().public()


class Commitment(models.Model):
    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("plan")
    )
    identifier = models.CharField(
        _("identifier"), max_length=40, unique=True, help_text=_("Member prefix and number.")
    )
    number = models.CharField(_("number"), max_length=16)
    title = models.CharField(_("title"), max_length=500)
    short_title = models.CharField(_("short title"), max_length=200, blank=True)
    problem = models.TextField(_("the problem"), blank=True)
    description = models.TextField(_("what the commitment does"), blank=True)
    how_it_helps = models.TextField(_("how it helps solve the problem"), blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    lead_institution = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_commitments",
        verbose_name=_("lead institution"),
    )
    supporting_institutions = models.ManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="supported_commitments",
        verbose_name=_("supporting institutions"),
    )
    access_to_information = models.BooleanField(_("access to information"), default=False)
    civic_participation = models.BooleanField(_("civic participation"), default=False)
    public_accountability = models.BooleanField(_("public accountability"), default=False)
    technology = models.BooleanField(_("technology and innovation"), default=False)
    policy_areas = models.ManyToManyField(
        PolicyArea, blank=True, related_name="commitments", verbose_name=_("policy areas")
    )
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    url = models.URLField(_("address"), max_length=500, blank=True)

    all_objects = CommitmentQuerySet.as_manager()
    public = PublicCommitmentManager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["plan", "identifier"]
        default_manager_name = "all_objects"

    def __str__(self) -> str:
        return f"{self.identifier} {self.short_title or self.title}"

    def get_absolute_url(self) -> str:
        return reverse("actionplans:commitment", kwargs={"identifier": self.identifier})

    @property
    def values(self) -> list[str]:
        """The OGP values the commitment declares, in OGP's order."""
        return [
            value
            for value in scales.OgpValue.values
            if getattr(self, value)  # the boolean fields carry the values' names
        ]


class Milestone(models.Model):
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("commitment"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    deliverable = models.CharField(
        _("deliverable"), max_length=500, help_text=_("What can be checked when it is done.")
    )
    description = models.TextField(_("activity"), blank=True)
    responsible = models.CharField(_("responsible body"), max_length=300, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MilestoneStatus.choices,
        default=MilestoneStatus.NOT_STARTED,
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Its share in the commitment's progress, relative to the other milestones."),
    )
    # The day the followers were told that the milestone is overdue (told once).
    overdue_notified_on = models.DateField(null=True, blank=True, editable=False)

    # The history model is registered in translation.py, once the translated fields exist.

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["commitment", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "number"], name="milestone_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return self.deliverable

    def is_delayed(self, today: datetime.date | None = None) -> bool:
        """Delayed: its end date has passed and it is not complete."""
        today = today or timezone.localdate()
        return (
            self.status != MilestoneStatus.COMPLETE
            and self.end_date is not None
            and self.end_date < today
        )

    def display_status(self, today: datetime.date | None = None) -> str:
        return DELAYED if self.is_delayed(today) else self.status


class ProgressUpdate(models.Model):
    """A dated entry of a commitment's timeline, optionally about one of its milestones."""

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="progress_updates",
        verbose_name=_("commitment"),
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_updates",
        verbose_name=_("milestone"),
    )
    reported_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    progress = models.DecimalField(
        _("progress (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ogp_progress_updates",
        verbose_name=_("author"),
    )
    # Public pages name the organisation, never the person.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ogp_progress_updates",
        verbose_name=_("on behalf of"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    # The history model is registered in translation.py, once the translated fields exist.

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["commitment", "-reported_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class ProgressEvidence(models.Model):
    """A link or a stored file that backs a progress update or an assessment."""

    update = models.ForeignKey(
        ProgressUpdate,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("progress update"),
    )
    assessment = models.ForeignKey(
        "Assessment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("assessment"),
    )
    url = models.URLField(_("link"), max_length=1000, blank=True)
    file = models.FileField(_("file"), upload_to="actionplans/evidence/%Y/%m/", blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(update__isnull=False) | models.Q(assessment__isnull=False),
                name="evidence_belongs_somewhere",
            ),
            models.CheckConstraint(
                condition=~models.Q(url="") | ~models.Q(file=""),
                name="evidence_has_link_or_file",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url or self.file.name


def _scale(verbose_name: str, choices: list[tuple[str, object]]) -> models.CharField:
    return models.CharField(verbose_name, max_length=20, choices=choices, blank=True)


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def public(self) -> AssessmentQuerySet:
        return self.filter(commitment__plan__status__in=PUBLIC_PLAN_STATUSES)


class Assessment(models.Model):
    """One report's judgement of a commitment on the IRM scales. An empty scale was not part of
    the report; "no data" and "not reviewed" are explicit values."""

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("commitment"),
    )
    report_type = models.CharField(_("report"), max_length=32, choices=ReportType.choices)
    assessor_kind = models.CharField(_("assessed by"), max_length=16, choices=AssessorKind.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="ogp_assessments",
        verbose_name=_("author organisation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ogp_assessments",
        verbose_name=_("author"),
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    verifiability = _scale(_("verifiability"), scales.VERIFIABILITY)
    specificity = _scale(_("specificity"), scales.SPECIFICITY)
    relevance_access_to_information = _scale(_("relevance: access to information"), scales.YES_NO)
    relevance_civic_participation = _scale(_("relevance: civic participation"), scales.YES_NO)
    relevance_public_accountability = _scale(_("relevance: public accountability"), scales.YES_NO)
    relevance_technology = _scale(_("relevance: technology and innovation"), scales.YES_NO)
    potential_impact = _scale(_("potential impact"), scales.POTENTIAL_IMPACT)
    potential_for_results = _scale(_("potential for results"), scales.POTENTIAL_FOR_RESULTS)
    completion = _scale(_("completion"), scales.COMPLETION)
    open_government = _scale(_("did it open government?"), scales.OPEN_GOVERNMENT)
    open_government_access_to_information = _scale(
        _("did it open government: access to information"), scales.OPEN_GOVERNMENT
    )
    open_government_civic_participation = _scale(
        _("did it open government: civic participation"), scales.OPEN_GOVERNMENT
    )
    open_government_public_accountability = _scale(
        _("did it open government: public accountability"), scales.OPEN_GOVERNMENT
    )
    early_results = _scale(_("early results"), scales.EARLY_RESULTS)
    promising = models.BooleanField(
        _("promising"),
        default=False,
        help_text=_("Named promising in an action plan review (the refreshed method)."),
    )
    # Derived by `scales.is_starred` when the assessment is recorded (the older formula).
    starred = models.BooleanField(_("starred"), default=False, editable=False)
    summary = models.TextField(_("summary"), blank=True)
    url = models.URLField(_("address of the report"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()
    # The history model is registered in translation.py, once the translated fields exist.

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["commitment", "report_type", "assessor_kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "report_type", "organisation"],
                name="assessment_one_per_report_and_author",
                violation_error_message=_(
                    "This organisation has already assessed the commitment in this report."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment.identifier}: {self.get_report_type_display()}"

    @property
    def relevant_values(self) -> int:
        """Values the assessment finds relevant. Technology and innovation counts only together
        with one of the other three."""
        core = sum(
            1
            for value in (
                self.relevance_access_to_information,
                self.relevance_civic_participation,
                self.relevance_public_accountability,
            )
            if value == "yes"
        )
        return core + (1 if core and self.relevance_technology == "yes" else 0)

    def compute_starred(self) -> bool:
        return scales.is_starred(
            specificity=self.specificity,
            relevant_values=self.relevant_values,
            potential_impact=self.potential_impact,
            completion=self.completion,
        )

    @property
    def opened_government_strongly(self) -> bool:
        return self.open_government in scales.STRONG_OPEN_GOVERNMENT


class Follow(models.Model):
    """A person who wants an e-mail when a commitment's progress is reported or a milestone of it
    becomes overdue."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="follows", verbose_name=_("commitment")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="ogp_follows",
        verbose_name=_("person"),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["commitment", "user"], name="follow_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.commitment_id}"
