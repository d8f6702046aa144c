from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from movies import health
from movies.urls import api_patterns, feed_patterns

urlpatterns = [
    path(
        "",
        RedirectView.as_view(
            pattern_name="movies:list", permanent=False, http_method_names=["get", "head"]
        ),
    ),
    path("movies/", include("movies.urls")),
    path("feed/", include(feed_patterns)),
    path("api/", include(api_patterns)),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]
