"""Certificates of participation in a training course, as PDF: one per attendee marked present,
with its number (given once when attendance is recorded), the person's name, the course, its date
and its organiser."""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from opencity.core.pdf import Document
from opencity.events.models import Registration, RegistrationStatus


def is_issued(registration: Registration) -> bool:
    """A certificate exists for those marked present at a training course."""
    return bool(
        registration.event.issues_certificates
        and registration.attended
        and registration.status != RegistrationStatus.CANCELLED
        and registration.certificate_number
    )


def certificate_pdf(registration: Registration) -> bytes:
    event = registration.event
    start = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at)
    if start.date() == end.date():
        when = formats.date_format(start.date(), "DATE_FORMAT")
    else:
        when = _("%(start)s to %(end)s") % {
            "start": formats.date_format(start.date(), "DATE_FORMAT"),
            "end": formats.date_format(end.date(), "DATE_FORMAT"),
        }
    title = _("Certificate of participation")
    document = Document(title=f"{title} {registration.certificate_number}", language=get_language())
    document.add_page()
    document.ln(20)
    document.heading(title, size=24)
    document.ln(8)
    document.paragraph(_("This certifies that"), size=13)
    document.heading(registration.user.public_name, size=20)
    document.paragraph(_("took part in the training course"), size=13)
    document.heading(event.title, size=16)
    document.paragraph(
        _("held on %(when)s, organised by %(organiser)s.")
        % {"when": when, "organiser": event.organiser.name},
        size=13,
    )
    place = ", ".join(part for part in (event.venue, event.address) if part)
    if place:
        document.paragraph(_("Place: %(place)s") % {"place": place})
    document.ln(12)
    document.paragraph(
        _("Certificate number: %(number)s") % {"number": registration.certificate_number}
    )
    return document.to_bytes()
