"""Template tags that link other pages to the public results of rankings."""

from __future__ import annotations

from django import template

from opencity.rankings import selectors_public
from opencity.rankings.models import Cycle, Methodology

register = template.Library()


@register.simple_tag
def published_cycle_on(methodology: Methodology) -> Cycle | None:
    """The latest published cycle on a methodology (None for drafts, without a query), so that
    the methodology page can link each indicator to its results."""
    if not methodology.is_frozen:
        return None
    return selectors_public.published_indicator_cycle(methodology)
