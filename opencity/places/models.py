"""Countries, regions and municipalities, as the official registers define them."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from opencity.core.text import search_key


class Register(models.TextChoices):
    KATOTTH = "katotth", _("KATOTTH (Ukraine)")
    SIRUTA = "siruta", _("SIRUTA (Romania)")
    EKATTE = "ekatte", _("EKATTE (Bulgaria)")


class RegionType(models.TextChoices):
    OBLAST = "oblast", _("oblast")
    AUTONOMOUS_REPUBLIC = "autonomous_republic", _("autonomous republic")
    SPECIAL_STATUS_CITY = "special_status_city", _("city with special status")
    RAION = "raion", _("raion")
    JUDET = "judet", _("county (județ)")
    CAPITAL_MUNICIPALITY = "capital_municipality", _("capital municipality")
    BG_OBLAST = "bg_oblast", _("district (oblast)")


class MunicipalityType(models.TextChoices):
    HROMADA = "hromada", _("territorial community (hromada)")
    CRIMEA_COMMUNITY = "crimea_community", _("territorial community of the AR Crimea")
    SPECIAL_STATUS_CITY = "special_status_city", _("city with special status")
    MUNICIPIU = "municipiu", _("municipality (municipiu)")
    ORAS = "oras", _("town (oraș)")
    COMUNA = "comuna", _("commune (comună)")
    OBSHTINA = "obshtina", _("municipality (obshtina)")


class Country(models.Model):
    code = models.CharField(_("ISO code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=20, unique=True)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:country", kwargs={"country": self.slug})


class RegionQuerySet(models.QuerySet["Region"]):
    def in_country(self, code: str) -> RegionQuerySet:
        return self.filter(country__code=code.upper())

    def top_level(self) -> RegionQuerySet:
        return self.filter(parent__isnull=True)

    def with_municipality_count(self) -> RegionQuerySet:
        return self.annotate(municipality_count=models.Count("municipalities", distinct=True))


class Region(models.Model):
    """A first-level unit (oblast, județ, Bulgarian oblast) or, in Ukraine, a raion within one."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="regions", verbose_name=_("country")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent region"),
    )
    register = models.CharField(_("register"), max_length=16, choices=Register.choices)
    code = models.CharField(_("official code"), max_length=32)
    unit_type = models.CharField(_("unit type"), max_length=32, choices=RegionType.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120)
    nuts_code = models.CharField(_("NUTS code"), max_length=8, blank=True)
    search_text = models.TextField(editable=False, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["slug"]
        constraints = [
            models.UniqueConstraint(fields=["register", "code"], name="region_unique_code"),
            models.UniqueConstraint(fields=["country", "slug"], name="region_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:region", kwargs={"country": self.country.slug, "region": self.slug})


class MunicipalityQuerySet(models.QuerySet["Municipality"]):
    def in_country(self, code: str) -> MunicipalityQuerySet:
        return self.filter(country__code=code.upper())

    def in_region(self, region: Region) -> MunicipalityQuerySet:
        return self.filter(models.Q(region=region) | models.Q(district=region))

    def search(self, query: str) -> MunicipalityQuerySet:
        """Match every word of the query against all language versions of the name.

        `search_text` holds the names case-folded and without diacritics, so the match behaves
        the same on SQLite (whose LIKE folds only ASCII) and on PostgreSQL.
        """
        queryset = self
        for word in search_key(query).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def for_listing(self) -> MunicipalityQuerySet:
        return self.select_related("country", "region__country", "district__country")


class Municipality(models.Model):
    """A unit of local self-government: a hromada, a Romanian UAT, a Bulgarian obshtina."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("country")
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("region"),
    )
    district = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="district_municipalities",
        verbose_name=_("district"),
        help_text=_("The second-level unit between the region and the municipality, if any."),
    )
    register = models.CharField(_("register"), max_length=16, choices=Register.choices)
    code = models.CharField(_("official code"), max_length=32)
    unit_type = models.CharField(_("unit type"), max_length=32, choices=MunicipalityType.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=160)
    settlement_count = models.PositiveIntegerField(
        _("settlements"), null=True, blank=True, help_text=_("Settlements listed in the register.")
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    search_text = models.TextField(editable=False, blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["slug"]
        constraints = [
            models.UniqueConstraint(fields=["register", "code"], name="municipality_unique_code"),
            models.UniqueConstraint(
                fields=["region", "slug"], name="municipality_unique_slug_in_region"
            ),
        ]
        indexes = [models.Index(fields=["country", "slug"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "places:municipality",
            kwargs={
                "country": self.country.slug,
                "region": self.region.slug,
                "municipality": self.slug,
            },
        )
