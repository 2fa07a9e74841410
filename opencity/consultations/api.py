"""The read API of consultations: consultations, their documents, comments (no personal data) and
responses."""

from ninja import Router

router = Router(tags=["consultations"])
