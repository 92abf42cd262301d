"""URL map: admin, API, accounts, comments, then the newsroom's own pages last.

The project's wiring: the one place in newsite that names the apps built on it (the article
page is served through the comments app's page cache).
"""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from comments import captchas
from comments.article_page import CachedArticleView

from . import ratings, views

urlpatterns = [
    path("admin/", admin.site.urls),
    # Captchas whose challenge is created when first fetched (comments.captchas), before the library's own.
    path("captcha/issued/<slug:key>/", captchas.image, name="captcha-issued-image"),
    path("captcha/issued/<slug:key>.wav", captchas.audio, name="captcha-issued-audio"),
    # Our "New code" answer, limited per client, in place of the library's (which inserted a row per call).
    path("captcha/refresh/", captchas.refresh, name="captcha-issued-refresh"),
    path("captcha/", include("captcha.urls")),
    path("comments/", include("comments.urls")),
    path("accounts/", include("comments.account_urls")),
    path("moderation/", include("moderation.urls")),
    path("api/", include("newsite.api_urls")),
    path("ratings/<slug:slug>/", ratings.rate_view, name="rate-article"),
    path("", views.home, name="home"),
    path("tags/<slug:tag>/", views.TagView.as_view(), name="tag"),
    path("<slug:section>/", views.SectionView.as_view(), name="section"),
    path("<slug:section>/<slug:slug>/", CachedArticleView.as_view(), name="article"),
]

if settings.SERVE_MEDIA:
    urlpatterns.insert(0, re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}))

if settings.BENCH_CEILING:  # the benchmark's fixed-bytes ceiling view (bench/ceiling.py)
    urlpatterns.insert(0, path("bench/ceiling/", include("bench.ceiling")))
