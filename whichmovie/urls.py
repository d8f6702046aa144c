from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from movies import health

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="movies:list", permanent=False)),
    path("movies/", include("movies.urls")),
    path("feed/", include("movies.feeds")),
    path("api/", include("movies.api")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]
