"""Public events: discussions, round tables, workshops, training courses, conferences and
awareness campaigns; registration with a capacity and a waiting list; after the event its
attendance, the organisations present, minutes and files, and the outcomes it fed.

Drafts are the organiser's work in progress: public pages read events through `Event.public`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class EventKind(models.TextChoices):
    PUBLIC_DISCUSSION = "public_discussion", _("public discussion")
    ROUND_TABLE = "round_table", _("round table")
    WORKSHOP = "workshop", _("workshop")
    TRAINING = "training", _("training course")
    CONFERENCE = "conference", _("conference")
    AWARENESS_CAMPAIGN = "awareness_campaign", _("awareness campaign")


class EventMode(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")
    HYBRID = "hybrid", _("in person and online")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    CANCELLED = "cancelled", _("cancelled")


class EventQuerySet(models.QuerySet["Event"]):
    def public(self) -> EventQuerySet:
        return self.exclude(status=EventStatus.DRAFT)

    def upcoming(self) -> EventQuerySet:
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at", "pk")

    def past(self) -> EventQuerySet:
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at", "-pk")

    def for_municipality(self, municipality: object) -> EventQuerySet:
        return self.filter(municipality=municipality)


class PublicEventManager(models.Manager.from_queryset(EventQuerySet)):  # type: ignore[misc]
    def get_queryset(self) -> EventQuerySet:
        return super().get_queryset().public()


class Event(models.Model):
    kind = models.CharField(_("kind"), max_length=24, choices=EventKind.choices)
    organiser = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("organiser"),
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    mode = models.CharField(
        _("where"), max_length=16, choices=EventMode.choices, default=EventMode.IN_PERSON
    )
    venue = models.CharField(_("place"), max_length=300, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    registration_required = models.BooleanField(_("registration required"), default=True)
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("municipality"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    # After the event
    attendance_count = models.PositiveIntegerField(
        _("attendance"),
        null=True,
        blank=True,
        help_text=_("People who took part, including those who did not register."),
    )
    organisations_present = models.ManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="events_attended",
        verbose_name=_("organisations present"),
    )
    minutes = models.TextField(_("minutes or report"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    consultations = models.ManyToManyField(
        "consultations.Consultation",
        blank=True,
        related_name="events",
        verbose_name=_("linked consultations"),
    )
    commitments = models.ManyToManyField(
        "actionplans.Commitment",
        blank=True,
        related_name="events",
        verbose_name=_("linked commitments"),
    )
    cycles = models.ManyToManyField(
        "rankings.Cycle",
        blank=True,
        related_name="events",
        verbose_name=_("linked ranking cycles"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    all_objects = EventQuerySet.as_manager()
    public = PublicEventManager()
    # The history model is registered in translation.py, once the translated fields exist.

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at", "pk"]
        default_manager_name = "all_objects"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_it_starts",
                violation_error_message=_("An event must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def issues_certificates(self) -> bool:
        return self.kind == EventKind.TRAINING


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    WAITING = "waiting", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")


class Registration(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name=_("person"),
    )
    status = models.CharField(_("status"), max_length=16, choices=RegistrationStatus.choices)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    attended = models.BooleanField(_("present"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    certificate_number = models.CharField(
        _("certificate number"), max_length=40, blank=True, editable=False
    )

    history = HistoricalRecords(excluded_fields=["reminder_sent_at"])

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="register_once")]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.user_id} ({self.status})"


class EventFile(models.Model):
    """Minutes, a report, slides or photos of an event."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="files", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="events/files/%Y/%m/")
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("event file")
        verbose_name_plural = _("event files")
        ordering = ["event", "pk"]

    def __str__(self) -> str:
        return self.title
