"""Citizen feedback: categories per municipality (Open311 services) with extra attributes and a
response deadline; requests with their public life cycle and responses; private contact details
and internal notes kept apart, so that no public read can reach them; API clients with keys.

Public pages and the API read requests through `Request.public` (never the unconfirmed ones)
and never touch `Contact` or `InternalNote`.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from opencity.feedback.lifecycle import (
    CLOSED_STATUSES,
    FIXED_STATUSES,
    HIDDEN_STATUSES,
    OPEN_STATUSES,
    Status,
    group_of,
)


class ServiceType(models.TextChoices):
    REALTIME = "realtime", _("realtime")
    BATCH = "batch", _("batch")
    BLACKBOX = "blackbox", _("blackbox")


class ServiceQuerySet(models.QuerySet["Service"]):
    def active(self) -> ServiceQuerySet:
        return self.filter(active=True)


class Service(models.Model):
    """A category of requests of one municipality (an Open311 service)."""

    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.CASCADE,
        related_name="feedback_services",
        verbose_name=_("municipality"),
    )
    code = models.SlugField(_("service code"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    group = models.CharField(_("group"), max_length=100, blank=True)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    type = models.CharField(
        _("type"), max_length=16, choices=ServiceType.choices, default=ServiceType.REALTIME
    )
    deadline_days = models.PositiveSmallIntegerField(_("response deadline (days)"), default=14)
    responsible = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_services",
        verbose_name=_("responsible organisation"),
    )
    active = models.BooleanField(_("accepts requests"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["municipality", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"], name="service_unique_code_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name


class AttributeType(models.TextChoices):
    STRING = "string", _("short text")
    NUMBER = "number", _("number")
    DATETIME = "datetime", _("date and time")
    TEXT = "text", _("long text")
    SINGLE = "singlevaluelist", _("one of a list")
    MULTI = "multivaluelist", _("several of a list")


class ServiceAttribute(models.Model):
    """An extra question of a category (Open311 service definition attribute)."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="attributes", verbose_name=_("category")
    )
    code = models.SlugField(_("code"), max_length=64)
    variable = models.BooleanField(_("answered by the reporter"), default=True)
    datatype = models.CharField(_("type"), max_length=20, choices=AttributeType.choices)
    required = models.BooleanField(_("required"), default=False)
    description = models.CharField(_("question"), max_length=300)
    datatype_description = models.CharField(_("hint"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    # [{"key": "...", "name": "..."}] for the list types
    values = models.JSONField(_("values"), default=list, blank=True)

    class Meta:
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")
        ordering = ["service", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="attribute_unique_code")
        ]

    def __str__(self) -> str:
        return self.code


def _new_token() -> str:
    return secrets.token_urlsafe(12)


class ApiClient(models.Model):
    """A client of the Open311 API; its key is stored only as a SHA-256 digest."""

    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="open311_clients",
        verbose_name=_("organisation"),
    )
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    key_hint = models.CharField(_("key starts with"), max_length=8, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def digest(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


class RequestQuerySet(models.QuerySet["Request"]):
    def public(self) -> RequestQuerySet:
        return self.exclude(status__in=HIDDEN_STATUSES)

    def open(self) -> RequestQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, now: datetime.datetime | None = None) -> RequestQuerySet:
        return self.open().filter(expected_at__lt=now or timezone.now())

    def for_municipality(self, municipality: object) -> RequestQuerySet:
        return self.filter(municipality=municipality)


class PublicRequestManager(models.Manager.from_queryset(RequestQuerySet)):  # type: ignore[misc]
    def get_queryset(self) -> RequestQuerySet:
        return super().get_queryset().public()


class Request(models.Model):
    """A citizen's report or suggestion. Contact details live in `Contact`, never here."""

    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        related_name="feedback_requests",
        verbose_name=_("municipality"),
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="requests", verbose_name=_("category")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UNCONFIRMED
    )
    description = models.TextField(_("description"), max_length=4000)
    address = models.CharField(_("address"), max_length=300, blank=True)
    address_id = models.CharField(_("address id"), max_length=64, blank=True)
    zipcode = models.CharField(_("postal code"), max_length=16, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    # Answers to the category's attributes, by attribute code.
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    photo = models.ImageField(_("photo"), upload_to="feedback/photos/%Y/%m/", blank=True)
    media_url = models.URLField(_("media link"), max_length=500, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_requests",
        verbose_name=_("reporter"),
    )
    api_client = models.ForeignKey(
        ApiClient,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("submitted through"),
    )
    # The Open311 token, and the secret tracking code an anonymous reporter comes back with
    # (stored as a digest).
    token = models.CharField(max_length=32, unique=True, default=_new_token, editable=False)
    tracking_digest = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    requested_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    expected_at = models.DateTimeField(_("expected answer by"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_feedback_requests",
        verbose_name=_("assigned to"),
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    notify_reporter = models.BooleanField(_("e-mail the reporter on changes"), default=True)
    fixed_question_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    all_objects = RequestQuerySet.as_manager()
    public = PublicRequestManager()

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-requested_at", "-pk"]
        default_manager_name = "all_objects"
        indexes = [
            models.Index(fields=["municipality", "status", "requested_at"]),
            models.Index(fields=["service", "requested_at"]),
            models.Index(fields=["status", "expected_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.service_id}"

    def get_absolute_url(self) -> str:
        return reverse("feedback:request", kwargs={"pk": self.pk})

    @property
    def group(self) -> str:
        return group_of(self.status)

    def is_overdue(self, now: datetime.datetime | None = None) -> bool:
        return (
            self.status in OPEN_STATUSES
            and self.expected_at is not None
            and self.expected_at < (now or timezone.now())
        )

    @property
    def is_finished(self) -> bool:
        return self.status in CLOSED_STATUSES or self.status in FIXED_STATUSES


class Contact(models.Model):
    """The reporter's contact details: private, seen only by the officials handling the request."""

    request = models.OneToOneField(
        Request, on_delete=models.CASCADE, related_name="contact", verbose_name=_("request")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    device_id = models.CharField(_("device id"), max_length=100, blank=True)
    account_id = models.CharField(_("account id"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("contact details")
        verbose_name_plural = _("contact details")

    def __str__(self) -> str:
        return f"contact of #{self.request_id}"


class RequestUpdate(models.Model):
    """A public step of the request's life: a response, a status change, a reopening."""

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="updates", verbose_name=_("request")
    )
    status_before = models.CharField(_("status before"), max_length=20, choices=Status.choices)
    status_after = models.CharField(_("status after"), max_length=20, choices=Status.choices)
    text = models.TextField(_("response"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    # Public pages name the organisation (or "the reporter"), never the person.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    by_reporter = models.BooleanField(_("by the reporter"), default=False)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("request update")
        verbose_name_plural = _("request updates")
        ordering = ["request", "created_at", "pk"]

    def __str__(self) -> str:
        return f"#{self.request_id}: {self.status_before} → {self.status_after}"


class InternalNote(models.Model):
    """A private note of the officials; never public."""

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="notes", verbose_name=_("request")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["request", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class ReplyTemplate(models.Model):
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.CASCADE,
        related_name="feedback_reply_templates",
        verbose_name=_("municipality"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status it sets"), max_length=20, choices=Status.choices, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["municipality", "title"]

    def __str__(self) -> str:
        return self.title
