"""Template context every page needs: the site's name and its sections for the navigation."""

from django.conf import settings
from django.core.cache import cache

from .models import Section
from .page_versions import NAV_SECTIONS_KEY

NAV_SECTIONS_SECONDS = 300  # a safety net: a section's change deletes the key at once (page_versions)


def site(request):
    sections = cache.get(NAV_SECTIONS_KEY)
    if sections is None:
        sections = list(Section.objects.values("name", "slug"))
        cache.set(NAV_SECTIONS_KEY, sections, NAV_SECTIONS_SECONDS)
    return {"SITE_NAME": settings.SITE_NAME, "nav_sections": sections}
