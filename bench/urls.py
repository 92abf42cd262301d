"""The site's URL map with the benchmark's fixed-bytes ceiling view at /bench/ceiling/ (bench/ceiling.py)."""

from django.urls import include, path

from config.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("bench/ceiling/", include("bench.ceiling")), *site_urlpatterns]
