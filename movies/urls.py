"""Every public URL of the movies app, in three namespaces: `movies` (pages), `api` (JSON)
and `feeds` (Atom). The project's urls.py mounts them."""

from django.urls import path, re_path

from movies import api, feeds, openapi, views

app_name = "movies"
urlpatterns = [
    path("", views.movie_list, name="list"),
    path("<int:pk>/", views.movie_detail, name="detail"),
    path("services/", views.my_services, name="services"),
    path("region/", views.set_region, name="region"),
]

api_patterns = (
    [
        path("movies/", api.movie_list, name="movies"),
        path("movies/<int:pk>/", api.movie_detail, name="movie"),
        path("radarr.json", api.radarr_list, name="radarr"),
        path("openapi.json", openapi.openapi_json, name="openapi"),
        # Anything else under /api/ (/api/movies/-1/, a typo) answers in JSON too.
        re_path(r"", api.unknown_address),
    ],
    "api",
)

feed_patterns = (
    [
        path("", feeds.new_films, name="movies"),
        path("streaming/", feeds.now_streaming, name="streaming"),
    ],
    "feeds",
)
