"""People, the organisations they belong to, and the role each membership gives them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from opencity.places.models import Country, Municipality


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their e-mail address.

    Platform administrators are superusers; moderators carry `is_moderator`. Every other role comes
    from a membership of an organisation. A deleted account keeps its row, emptied of personal data,
    so that public contributions stay attributed to "a former user".
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=150,
        blank=True,
        help_text=_("Shown beside your public contributions. Leave empty to stay anonymous."),
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Whether the person can log into the administration site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_moderator = models.BooleanField(
        _("moderator"), default=False, help_text=_("Moderators hide abusive content.")
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        if self.deleted_at:
            return str(_("Former user"))
        return self.display_name or str(_("Anonymous"))

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name


class OrganisationKind(models.TextChoices):
    CSO = "cso", _("civil-society organisation")
    CITY_HALL = "city_hall", _("city hall")
    NATIONAL_GOVERNMENT = "national_government", _("national government body")
    DONOR = "donor", _("donor")
    OTHER = "other", _("other")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def of_kind(self, kind: str) -> OrganisationQuerySet:
        return self.filter(kind=kind)

    def for_municipality(self, municipality: Municipality) -> OrganisationQuerySet:
        return self.filter(municipality=municipality)


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("country"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("municipality"),
        help_text=_("Required for a city hall: the municipality it governs."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members_organisations",
        verbose_name=_("coalition"),
        help_text=_("The coalition or network this organisation belongs to."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()
    # The history model is registered in translation.py, once the translated fields exist.

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="city_hall") | models.Q(municipality__isnull=False),
                name="city_hall_has_municipality",
                violation_error_message=_("A city hall must be linked to its municipality."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:organisation", kwargs={"slug": self.slug})


class Role(models.TextChoices):
    """Roles a membership gives; DESIGN.md has the table of what each may do."""

    ASSESSOR = "assessor", _("assessor")
    REVIEWER = "reviewer", _("reviewer")
    COORDINATOR = "coordinator", _("coordinator")
    METHODOLOGY_MANAGER = "methodology_manager", _("methodology manager")
    OFFICIAL = "official", _("official")
    INDEPENDENT_ASSESSOR = "independent_assessor", _("independent assessor")
    MEMBER = "member", _("member")


# Roles that may only be used with a second factor (TOTP).
TWO_FACTOR_ROLES = frozenset({Role.COORDINATOR})


class MembershipQuerySet(models.QuerySet["Membership"]):
    def with_role(self, *roles: str) -> MembershipQuerySet:
        return self.filter(role__in=roles)


class Membership(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__slug", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.email} · {self.organisation} · {self.get_role_display()}"
