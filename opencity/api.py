"""The public API: one django-ninja instance under /api/, a router from each app."""

from ninja import NinjaAPI

from opencity.actionplans.api import router as actionplans_router
from opencity.consultations.api import router as consultations_router
from opencity.events.api import router as events_router
from opencity.places.api import router as places_router
from opencity.rankings.api import router as rankings_router

api = NinjaAPI(
    title="OpenCity API",
    version="1",
    description="Open data of the OpenCity platform. Read-only and public unless stated.",
    urls_namespace="api",
)
api.add_router("/places/", places_router)
api.add_router("/rankings/", rankings_router)
api.add_router("/action-plans/", actionplans_router)
api.add_router("/consultations/", consultations_router)
api.add_router("/events/", events_router)
