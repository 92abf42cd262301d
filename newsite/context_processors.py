"""Template context every page needs: the site's name and its sections for the navigation."""

from django.conf import settings
from django.core.cache import cache

from .models import Section

SECTIONS_CACHE_KEY = "newsite:nav-sections"


def site(request):
    sections = cache.get(SECTIONS_CACHE_KEY)
    if sections is None:
        sections = list(Section.objects.values("name", "slug"))
        cache.set(SECTIONS_CACHE_KEY, sections, 300)
    return {"SITE_NAME": settings.SITE_NAME, "nav_sections": sections}
