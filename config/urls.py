"""The site's URL map: the one place that names every app and puts their pages together.

The news app's article and section pages are served with the comments app's additions (the
comment section, its feeds in the page head), and the article page through its whole-page cache.
"""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from comments import captchas
from comments.article_page import SECTION_PAGE_TEMPLATE, CachedArticleView
from newsite import views

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
    path("api/", include("config.api_urls")),
    path("ratings/<slug:slug>/", views.rate_view, name="rate-article"),
    path("", views.home, name="home"),
    path("tags/<slug:tag>/", views.TagView.as_view(), name="tag"),
    path("<slug:section>/", views.SectionView.as_view(template_name=SECTION_PAGE_TEMPLATE), name="section"),
    path("<slug:section>/<slug:slug>/", CachedArticleView.as_view(), name="article"),
]

if settings.SERVE_MEDIA:
    urlpatterns.insert(0, re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}))
