"""Writes to methodologies. Every function checks its actor, refuses frozen methodologies and runs
in one transaction."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from simple_history.utils import bulk_create_with_history

from opencity.accounts.models import Organisation, OrganisationKind, Role, User
from opencity.accounts.rules import has_any_role
from opencity.core.permissions import require
from opencity.places.models import Municipality
from opencity.rankings import evidence, publishing
from opencity.rankings.models import (
    Answer,
    AnswerState,
    Area,
    Assignment,
    CategoryThreshold,
    Cycle,
    Dispute,
    DisputeState,
    Indicator,
    Methodology,
    MethodologyStatus,
    Publication,
    PublishedResult,
    Scale,
    ScaleKind,
    ScaleLevel,
    methodology_of,
)

# (code, label, points, not applicable) per standard scale
STANDARD_SCALES: dict[str, list[tuple[str, str, str | None, bool]]] = {
    ScaleKind.BINARY: [
        ("1", gettext_noop("yes"), "1", False),
        ("0", gettext_noop("no"), "0", False),
    ],
    ScaleKind.ZERO_ONE_TWO: [
        ("2", gettext_noop("fully"), "2", False),
        ("1", gettext_noop("partly"), "1", False),
        ("0", gettext_noop("not at all"), "0", False),
    ],
    ScaleKind.FULL_HALF_NONE: [
        ("full", gettext_noop("full"), "1", False),
        ("half", gettext_noop("half"), "0.5", False),
        ("none", gettext_noop("none"), "0", False),
    ],
    ScaleKind.LETTERED: [
        ("a", "a", "100", False),
        ("b", "b", "67", False),
        ("c", "c", "33", False),
        ("d", "d", "0", False),
        ("e", gettext_noop("not applicable"), None, True),
    ],
    ScaleKind.IMPLEMENTATION: [
        ("not_started", gettext_noop("not started"), None, False),
        ("in_progress", gettext_noop("in progress"), None, False),
        ("implemented", gettext_noop("implemented"), None, False),
    ],
}


class MethodologyFrozenError(ValidationError):
    def __init__(self, methodology: Methodology) -> None:
        super().__init__(
            _(
                "The methodology “%(methodology)s” is frozen and cannot be changed. "
                "Clone it into a new edition to make changes."
            )
            % {"methodology": methodology},
            code="frozen",
        )


def _in_every_language(field: str, message: str) -> dict[str, str]:
    """A built-in text in every UI language, for a translatable field."""
    values = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            values[f"{field}_{language}"] = translation.gettext(message)
    return values


def _require_draft(methodology: Methodology) -> None:
    # Read the status from the database: an object in memory may be out of date.
    status = Methodology.objects.filter(pk=methodology.pk).values_list("status", flat=True).first()
    if status == MethodologyStatus.FROZEN:
        raise MethodologyFrozenError(methodology)


def methodology_create(
    *,
    actor: User,
    name: str,
    edition: int,
    version: int = 1,
    standard_scales: bool = True,
) -> Methodology:
    """A new draft methodology, with the standard scales ready to use unless told otherwise."""
    require(actor, "rankings.change_methodology")
    methodology = Methodology(name=name, edition=edition, version=version)
    methodology.full_clean()
    with transaction.atomic():
        methodology.save()
        if standard_scales:
            for kind, levels in STANDARD_SCALES.items():
                scale = Scale.objects.create(
                    methodology=methodology,
                    code=kind,
                    kind=kind,
                    **_in_every_language("name", str(ScaleKind(kind).label)),
                )
                ScaleLevel.objects.bulk_create(
                    ScaleLevel(
                        scale=scale,
                        code=code,
                        **_in_every_language("label", label),
                        points=Decimal(points) if points is not None else None,
                        not_applicable=not_applicable,
                        order=order,
                    )
                    for order, (code, label, points, not_applicable) in enumerate(levels)
                )
    return methodology


def methodology_part_save(
    *, actor: User, part: Area | Indicator | Scale | ScaleLevel | CategoryThreshold
) -> None:
    """Create or change one part of a draft methodology."""
    require(actor, "rankings.change_methodology")
    methodology = methodology_of(part)
    _require_draft(methodology)
    if isinstance(part, Indicator) and (
        part.area.methodology_id != methodology.pk or part.scale.methodology_id != methodology.pk
    ):
        raise ValidationError(_("The area and the scale must belong to the same methodology."))
    part.full_clean()
    with transaction.atomic():
        part.save()


def methodology_part_delete(
    *, actor: User, part: Area | Indicator | Scale | ScaleLevel | CategoryThreshold
) -> None:
    require(actor, "rankings.change_methodology")
    methodology = methodology_of(part)
    _require_draft(methodology)
    with transaction.atomic():
        part.delete()


def methodology_freeze(
    *, actor: User, methodology: Methodology, check_permission: bool = True
) -> Methodology:
    """Freeze a methodology, as when a cycle opens on it. It must be complete."""
    if check_permission:
        require(actor, "rankings.freeze_methodology")
    _require_draft(methodology)
    problems = []
    if not methodology.indicators.exists():
        problems.append(_("it has no indicator"))
    if not methodology.thresholds.exists():
        problems.append(_("it has no category threshold"))
    if problems:
        raise ValidationError(
            _("The methodology cannot be frozen: %(problems)s.")
            % {"problems": "; ".join(str(problem) for problem in problems)}
        )
    with transaction.atomic():
        methodology.status = MethodologyStatus.FROZEN
        methodology.frozen_at = timezone.now()
        methodology.save(update_fields=["status", "frozen_at"])
    return methodology


def _copy(instance: models.Model, **changes: Any) -> models.Model:
    """An unsaved copy of a row with its own values (every language), except the key."""
    values = {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if not field.primary_key
    }
    values.update(changes)
    return type(instance)(**values)


def methodology_clone(
    *,
    actor: User,
    methodology: Methodology,
    edition: int,
    version: int = 1,
    indicator_mapping: dict[str, str | None] | None = None,
) -> Methodology:
    """A new draft edition with the same scales, areas, indicators and thresholds.

    Each new indicator points at its predecessor, so that trends survive. `indicator_mapping`
    maps an old indicator code to the code it has in the new edition; `None` drops the
    indicator. Codes not in the mapping stay as they are.
    """
    require(actor, "rankings.change_methodology")
    mapping = indicator_mapping or {}
    old_codes = list(methodology.indicators.values_list("code", flat=True))
    unknown = sorted(set(mapping) - set(old_codes))
    if unknown:
        raise ValidationError(
            _("The mapping names indicators that are not in the methodology: %(codes)s.")
            % {"codes": ", ".join(unknown)}
        )
    new_codes = [mapping.get(code, code) for code in old_codes]
    kept = [code for code in new_codes if code is not None]
    duplicates = sorted({code for code in kept if kept.count(code) > 1})
    if duplicates:
        raise ValidationError(
            _("Two indicators would get the same code: %(codes)s.")
            % {"codes": ", ".join(duplicates)}
        )
    with transaction.atomic():
        clone = _copy(
            methodology,
            edition=edition,
            version=version,
            status=MethodologyStatus.DRAFT,
            frozen_at=None,
            predecessor_id=methodology.pk,
        )
        clone.full_clean()
        clone.save()
        scales: dict[int, Scale] = {}
        for scale in methodology.scales.prefetch_related("levels"):
            scales[scale.pk] = _copy(scale, methodology_id=clone.pk)
            scales[scale.pk].save()
            ScaleLevel.objects.bulk_create(
                _copy(level, scale_id=scales[scale.pk].pk) for level in scale.levels.all()
            )
        areas: dict[int, Area] = {}
        for area in methodology.areas.all():
            areas[area.pk] = _copy(area, methodology_id=clone.pk)
            areas[area.pk].save()
        indicators = []
        for indicator in methodology.indicators.all():
            code = mapping.get(indicator.code, indicator.code)
            if code is None:
                continue
            indicators.append(
                _copy(
                    indicator,
                    methodology_id=clone.pk,
                    area_id=areas[indicator.area_id].pk,
                    scale_id=scales[indicator.scale_id].pk,
                    code=code,
                    predecessor_id=indicator.pk,
                )
            )
        bulk_create_with_history(indicators, Indicator)
        CategoryThreshold.objects.bulk_create(
            _copy(threshold, methodology_id=clone.pk) for threshold in methodology.thresholds.all()
        )
    return clone


def cycle_open(
    *,
    actor: User,
    methodology: Methodology,
    year: int,
    name: str,
    municipalities: list[Municipality],
    information_requests_start: datetime.date,
    assessment_start: datetime.date,
    review_start: datetime.date,
    reply_start: datetime.date,
    publication_date: datetime.date,
) -> Cycle:
    """Open a cycle on a methodology, freezing the methodology if it is still a draft."""
    require(actor, "rankings.manage_cycle")
    if not municipalities:
        raise ValidationError({"municipalities": _("Choose at least one municipality.")})
    cycle = Cycle(
        methodology=methodology,
        year=year,
        name=name,
        information_requests_start=information_requests_start,
        assessment_start=assessment_start,
        review_start=review_start,
        reply_start=reply_start,
        publication_date=publication_date,
    )
    cycle.full_clean()
    with transaction.atomic():
        if not Methodology.objects.filter(
            pk=methodology.pk, status=MethodologyStatus.FROZEN
        ).exists():
            # Opening a cycle is what freezes a methodology; whoever opens it may freeze it.
            methodology_freeze(actor=actor, methodology=methodology, check_permission=False)
        cycle.save()
        cycle.municipalities.set(municipalities)
        Assignment.objects.bulk_create(
            Assignment(cycle=cycle, municipality=municipality) for municipality in municipalities
        )
    return cycle


def assignment_bulk(
    *,
    actor: User,
    cycle: Cycle,
    municipalities: list[Municipality],
    assessor: User | None = None,
    reviewer: User | None = None,
) -> int:
    """Give many municipalities of a cycle one assessor and/or one reviewer in one action.

    Refused as a whole when the phase does not allow assigning, when someone lacks the role, or
    when a reviewer would review their own scoring. Returns the number of assignments changed.
    """
    require(actor, "rankings.manage_cycle")
    if not cycle.allows("assign"):
        raise ValidationError(
            _("Work cannot be assigned in the %(phase)s phase.") % {"phase": cycle.phase().label}
        )
    if assessor is None and reviewer is None:
        raise ValidationError(_("Choose an assessor, a reviewer or both."))
    if assessor is not None and not has_any_role(Role.ASSESSOR)(assessor):
        raise ValidationError({"assessor": _("This person is not an assessor.")})
    if reviewer is not None and not has_any_role(Role.REVIEWER, Role.COORDINATOR)(reviewer):
        raise ValidationError({"reviewer": _("This person is not a reviewer.")})
    assignments = list(
        Assignment.objects.filter(cycle=cycle, municipality__in=municipalities).select_related(
            "municipality"
        )
    )
    missing = {m.pk for m in municipalities} - {a.municipality_id for a in assignments}
    if missing:
        names = ", ".join(sorted(str(m) for m in municipalities if m.pk in missing))
        raise ValidationError(
            _("Not in this cycle: %(municipalities)s.") % {"municipalities": names}
        )
    conflicts = []
    for assignment in assignments:
        new_assessor = assessor or assignment.assessor
        new_reviewer = reviewer or assignment.reviewer
        if new_assessor is not None and new_assessor == new_reviewer:
            conflicts.append(str(assignment.municipality))
    if conflicts:
        raise ValidationError(
            _("Nobody reviews their own scoring: %(municipalities)s.")
            % {"municipalities": ", ".join(sorted(conflicts))}
        )
    fields = []
    for assignment in assignments:
        if assessor is not None:
            assignment.assessor = assessor
        if reviewer is not None:
            assignment.reviewer = reviewer
    if assessor is not None:
        fields.append("assessor")
    if reviewer is not None:
        fields.append("reviewer")
    with transaction.atomic():
        Assignment.objects.bulk_update(assignments, fields, batch_size=500)
    return len(assignments)


MAX_EVIDENCE_LINKS = 10
_url_validator = URLValidator(schemes=["http", "https"])


class AnswerConflictError(ValidationError):
    """Someone else saved the answer since the form was opened; nothing was overwritten."""

    def __init__(self, current: Answer) -> None:
        self.current = current
        level = current.level.label if current.level else _("no level")
        super().__init__(
            _(
                "Someone else saved this answer while you were editing it: level “%(level)s”, "
                "comment “%(comment)s”, by %(person)s. Your changes were not saved; compare "
                "them with this value and save again."
            )
            % {
                "level": level,
                "comment": current.comment,
                "person": current.updated_by.public_name if current.updated_by else "—",
            },
            code="conflict",
        )


def _assignment(cycle: Cycle, municipality: Municipality) -> Assignment:
    assignment = Assignment.objects.filter(cycle=cycle, municipality=municipality).first()
    if assignment is None:
        raise ValidationError(
            _("Not in this cycle: %(municipalities)s.") % {"municipalities": municipality}
        )
    return assignment


def _require_phase(cycle: Cycle, action: str) -> None:
    if not cycle.allows(action):
        raise ValidationError(
            _("This cannot be done in the %(phase)s phase.") % {"phase": cycle.phase().label}
        )


def answer_save(
    *,
    actor: User,
    cycle: Cycle,
    municipality: Municipality,
    indicator: Indicator,
    level_code: str | None,
    expected_revision: int,
    evidence_urls: list[str] | None = None,
    evidence_file: Any = None,
    comment: str = "",
    recommendation: str = "",
) -> Answer:
    """Save an assessor's answer. `expected_revision` is the revision the form was opened on.

    `evidence_file` (an uploaded PDF, PNG or JPEG) replaces the stored one; every new evidence
    link is archived once, in the background, after the save commits.
    """
    _require_phase(cycle, "answer")
    assignment = _assignment(cycle, municipality)
    if actor != assignment.assessor and not actor.is_superuser:
        raise PermissionDenied(_("Only the assessor assigned to this municipality may answer."))
    if indicator.methodology_id != cycle.methodology_id:
        raise ValidationError({"indicator": _("The indicator is not in this cycle's methodology.")})
    level = None
    if level_code:
        level = indicator.scale.levels.filter(code=level_code).first()
        if level is None:
            raise ValidationError(
                {"level": _("“%(level)s” is not a level of this scale.") % {"level": level_code}}
            )
    urls = _validated_urls(evidence_urls)
    file_hash = ""
    if evidence_file:
        try:
            file_hash = evidence.validate_evidence_file(evidence_file)
        except ValidationError as error:
            raise ValidationError({"evidence_file": error.messages}) from error
    key = {"cycle": cycle, "municipality": municipality, "indicator": indicator}
    with transaction.atomic():
        answer = Answer.objects.select_for_update().filter(**key).first()
        if answer is None:
            answer = Answer(**key)
        if answer.revision != expected_revision:
            raise AnswerConflictError(answer)
        if answer.state in {AnswerState.SUBMITTED, AnswerState.APPROVED}:
            raise ValidationError(_("The answer has been submitted; it can no longer be changed."))
        answer.level = level
        answer.evidence_urls = urls
        if evidence_file:
            answer.evidence_file = evidence_file
            answer.evidence_file_sha256 = file_hash
        answer.comment = comment.strip()
        answer.recommendation = recommendation.strip()
        answer.state = AnswerState.IN_PROGRESS
        answer.revision += 1
        answer.updated_by = actor
        answer._change_reason = "save"  # type: ignore[attr-defined]
        answer._history_user = actor  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                answer.save()
        except IntegrityError:
            # Two first saves at once: the other one was inserted first.
            raise AnswerConflictError(Answer.objects.get(**key)) from None
        evidence.schedule_archiving(answer)
    return answer


def _transition(answer: Answer, state: str, actor: User, reason: str = "") -> Answer:
    with transaction.atomic():
        answer.state = state
        answer.return_reason = reason
        answer.revision += 1
        answer._change_reason = state  # type: ignore[attr-defined]
        answer._history_user = actor  # type: ignore[attr-defined]
        answer.save(update_fields=["state", "return_reason", "revision", "updated_at"])
    return answer


def answers_submit_all(*, actor: User, cycle: Cycle, municipality: Municipality) -> int:
    """Submit every answer of a municipality that is in progress or returned and has a level,
    all of them or none. Returns how many were submitted."""
    _require_phase(cycle, "submit")
    if actor != _assignment(cycle, municipality).assessor:
        raise PermissionDenied(_("Only the assessor assigned to this municipality may submit."))
    with transaction.atomic():
        answers = list(
            Answer.objects.select_for_update().filter(
                cycle=cycle,
                municipality=municipality,
                state__in=[AnswerState.IN_PROGRESS, AnswerState.RETURNED],
                level__isnull=False,
            )
        )
        for answer in answers:
            _transition(answer, AnswerState.SUBMITTED, actor)
    return len(answers)


def answer_submit(*, actor: User, answer: Answer) -> Answer:
    _require_phase(answer.cycle, "submit")
    if actor != _assignment(answer.cycle, answer.municipality).assessor:
        raise PermissionDenied(_("Only the assessor assigned to this municipality may submit."))
    if answer.state not in {AnswerState.IN_PROGRESS, AnswerState.RETURNED} or answer.level is None:
        raise ValidationError(_("Only an answer in progress, with a level, can be submitted."))
    return _transition(answer, AnswerState.SUBMITTED, actor)


def _require_reviewer(actor: User, answer: Answer) -> None:
    assignment = _assignment(answer.cycle, answer.municipality)
    if actor != assignment.reviewer or actor == answer.updated_by or actor == assignment.assessor:
        raise PermissionDenied(
            _("Only the reviewer assigned to this municipality, who did not score it, may review.")
        )
    if answer.state != AnswerState.SUBMITTED:
        raise ValidationError(_("Only a submitted answer can be reviewed."))


def answer_return(*, actor: User, answer: Answer, reason: str) -> Answer:
    _require_phase(answer.cycle, "review")
    _require_reviewer(actor, answer)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the answer goes back to the assessor.")})
    return _transition(answer, AnswerState.RETURNED, actor, reason.strip())


def answer_approve(*, actor: User, answer: Answer) -> Answer:
    _require_phase(answer.cycle, "review")
    _require_reviewer(actor, answer)
    return _transition(answer, AnswerState.APPROVED, actor)


def _require_unpublished(cycle: Cycle) -> None:
    if cycle.publications.exists():
        raise ValidationError(
            _(
                "The results of this cycle are published; they change only through a "
                "correction, published as a new version with a reason."
            )
        )


def _validated_urls(urls: list[str] | None, field: str = "evidence_urls") -> list[str]:
    cleaned = [url.strip() for url in urls or [] if url.strip()]
    if len(cleaned) > MAX_EVIDENCE_LINKS:
        raise ValidationError(
            {field: _("At most %(count)s links.") % {"count": MAX_EVIDENCE_LINKS}}
        )
    for url in cleaned:
        try:
            _url_validator(url)
        except ValidationError as error:
            raise ValidationError(
                {field: _("“%(url)s” is not a web address.") % {"url": url}}
            ) from error
    return cleaned


def assignment_disqualify(
    *, actor: User, cycle: Cycle, municipality: Municipality, reason: str
) -> Assignment:
    """Deny a municipality its rank, with a public reason (e.g. falsified evidence). An empty
    reason lifts the disqualification."""
    require(actor, "rankings.disqualify")
    _require_phase(cycle, "disqualify")
    _require_unpublished(cycle)
    assignment = _assignment(cycle, municipality)
    with transaction.atomic():
        assignment.disqualification_reason = reason.strip()
        assignment._history_user = actor  # type: ignore[attr-defined]
        assignment.save(update_fields=["disqualification_reason"])
    return assignment


# --- The city's right of reply ----------------------------------------------------------------


def dispute_create(
    *,
    actor: User,
    answer: Answer,
    proposed_level_code: str,
    explanation: str,
    evidence_urls: list[str] | None = None,
    evidence_file: Any = None,
) -> Dispute:
    """A city hall disputes one draft answer of its own city, proposing a level with reasons."""
    require(actor, "rankings.dispute_answer", answer.municipality)
    _require_phase(answer.cycle, "reply")
    _require_unpublished(answer.cycle)
    organisation = Organisation.objects.filter(
        kind=OrganisationKind.CITY_HALL,
        municipality_id=answer.municipality_id,
        memberships__user=actor,
        memberships__role=Role.OFFICIAL,
    ).first()
    if organisation is None:
        raise PermissionDenied(
            _("Only officials of this city's city hall may dispute its results.")
        )
    errors: dict[str, str] = {}
    level = answer.indicator.scale.levels.filter(code=proposed_level_code).first()
    if level is None:
        errors["proposed_level"] = _("“%(level)s” is not a level of this scale.") % {
            "level": proposed_level_code
        }
    elif level.pk == answer.level_id:
        errors["proposed_level"] = _("The answer already has this level; propose another one.")
    if not explanation.strip():
        errors["explanation"] = _("Explain why the answer should change.")
    if errors:
        raise ValidationError(errors)
    urls = _validated_urls(evidence_urls)
    if evidence_file:
        from opencity.rankings.evidence import validate_evidence_file

        try:
            validate_evidence_file(evidence_file)
        except ValidationError as error:
            raise ValidationError({"evidence_file": error.messages}) from error
    if Dispute.objects.filter(answer=answer, state=DisputeState.OPEN).exists():
        raise ValidationError(_("This answer already has a dispute waiting for a decision."))
    dispute = Dispute(
        answer=answer,
        organisation=organisation,
        author=actor,
        proposed_level=level,
        level_before=answer.level,
        explanation=explanation.strip(),
        evidence_urls=urls,
    )
    with transaction.atomic():
        if evidence_file:
            dispute.evidence_file = evidence_file
        dispute._history_user = actor  # type: ignore[attr-defined]
        dispute.save()
    return dispute


def _require_dispute_resolver(actor: User, dispute: Dispute) -> Assignment:
    require(actor, "rankings.resolve_dispute")
    answer = dispute.answer
    _require_phase(answer.cycle, "resolve_reply")
    _require_unpublished(answer.cycle)
    assignment = _assignment(answer.cycle, answer.municipality)
    if actor in (assignment.assessor, answer.updated_by) and not actor.is_superuser:
        raise PermissionDenied(_("Nobody decides on a reply to their own scoring."))
    if (
        actor != assignment.reviewer
        and not actor.is_superuser
        and not has_any_role(Role.COORDINATOR)(actor)
    ):
        raise PermissionDenied(
            _("Only the reviewer assigned to this municipality or a coordinator may decide.")
        )
    if dispute.state != DisputeState.OPEN:
        raise ValidationError(_("This dispute has already been decided."))
    return assignment


def dispute_accept(*, actor: User, dispute: Dispute, reason: str = "") -> Dispute:
    """Accept a city's reply: the answer takes the proposed level, recorded in its history."""
    _require_dispute_resolver(actor, dispute)
    with transaction.atomic():
        answer = Answer.objects.select_for_update().get(pk=dispute.answer_id)
        answer.level = dispute.proposed_level
        answer.revision += 1
        answer.updated_by = actor
        answer._change_reason = "dispute accepted"  # type: ignore[attr-defined]
        answer._history_user = actor  # type: ignore[attr-defined]
        answer.save(update_fields=["level", "revision", "updated_by", "updated_at"])
        dispute.answer = answer
        _resolve(dispute, DisputeState.ACCEPTED, actor, reason)
    return dispute


def dispute_reject(*, actor: User, dispute: Dispute, reason: str) -> Dispute:
    """Reject a city's reply, with the reason the city and, after publication, everyone sees."""
    _require_dispute_resolver(actor, dispute)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the reply is rejected.")})
    with transaction.atomic():
        _resolve(dispute, DisputeState.REJECTED, actor, reason)
    return dispute


def _resolve(dispute: Dispute, state: str, actor: User, reason: str) -> None:
    dispute.state = state
    dispute.resolved_by = actor
    dispute.resolution_reason = reason.strip()
    dispute.resolved_at = timezone.now()
    dispute._history_user = actor  # type: ignore[attr-defined]
    dispute.save(update_fields=["state", "resolved_by", "resolution_reason", "resolved_at"])


# --- Publication and corrections ---------------------------------------------------------------


def answer_correct(
    *,
    actor: User,
    answer: Answer,
    level_code: str | None,
    reason: str,
    comment: str | None = None,
    recommendation: str | None = None,
    evidence_urls: list[str] | None = None,
) -> Answer:
    """Correct an answer of a published cycle; the change becomes public with the next version,
    which `cycle_publish` writes with its reason. `answer` may be unsaved, for an indicator that
    was never answered."""
    require(actor, "rankings.publish_cycle")
    _require_phase(answer.cycle, "correct")
    _assignment(answer.cycle, answer.municipality)
    if answer.indicator.methodology_id != answer.cycle.methodology_id:
        raise ValidationError({"indicator": _("The indicator is not in this cycle's methodology.")})
    if not answer.cycle.publications.exists():
        raise ValidationError(_("Only the answers of a published cycle are corrected."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the answer is corrected.")})
    level = None
    if level_code:
        level = answer.indicator.scale.levels.filter(code=level_code).first()
        if level is None:
            raise ValidationError(
                {"level": _("“%(level)s” is not a level of this scale.") % {"level": level_code}}
            )
    with transaction.atomic():
        answer.level = level
        if comment is not None:
            answer.comment = comment.strip()
        if recommendation is not None:
            answer.recommendation = recommendation.strip()
        if evidence_urls is not None:
            answer.evidence_urls = _validated_urls(evidence_urls)
        answer.revision += 1
        answer.updated_by = actor
        answer._change_reason = f"correction: {reason.strip()}"  # type: ignore[attr-defined]
        answer._history_user = actor  # type: ignore[attr-defined]
        answer.save()
        evidence.schedule_archiving(answer)
    return answer


def cycle_publish(*, actor: User, cycle: Cycle, reason: str = "") -> Publication:
    """Score the cycle and write an immutable snapshot: version 1, or a correction with a reason.

    The first version needs every answer approved and every city reply decided. A correction
    records what changed since the version before it.
    """
    require(actor, "rankings.publish_cycle")
    previous = cycle.publications.order_by("-version").first()
    _require_phase(cycle, "correct" if previous else "publish")
    problems = []
    if previous is None:
        waiting = Answer.objects.filter(cycle=cycle).exclude(state=AnswerState.APPROVED).count()
        if waiting:
            problems.append(
                ngettext(
                    "%(count)s answer is not approved yet",
                    "%(count)s answers are not approved yet",
                    waiting,
                )
                % {"count": waiting}
            )
    elif not reason.strip():
        raise ValidationError({"reason": _("A correction needs a reason, published with it.")})
    open_disputes = Dispute.objects.filter(answer__cycle=cycle, state=DisputeState.OPEN).count()
    if open_disputes:
        problems.append(
            ngettext(
                "%(count)s city reply waits for a decision",
                "%(count)s city replies wait for a decision",
                open_disputes,
            )
            % {"count": open_disputes}
        )
    if problems:
        raise ValidationError(
            _("The cycle cannot be published: %(problems)s.")
            % {"problems": "; ".join(str(problem) for problem in problems)}
        )
    results, average, area_averages = publishing.build_snapshot(cycle)
    log: list[dict[str, Any]] = []
    if previous is not None:
        names = dict(cycle.municipalities.values_list("pk", "name"))
        log = publishing.changelog(list(previous.results.defer("answers")), results, names)
    with transaction.atomic():
        publication = Publication.objects.create(
            cycle=cycle,
            version=previous.version + 1 if previous else 1,
            published_at=timezone.now(),
            published_by=actor,
            reason=reason.strip(),
            changelog=log,
            municipality_count=len(results),
            average_total=average,
            area_averages=area_averages,
        )
        for result in results:
            result.publication = publication
        PublishedResult.objects.bulk_create(results, batch_size=500)
    return publication
