from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from movies.models import Movie

PAGE_SIZE = 24


def movie_list(request):
    movies = Movie.objects.visible().order_by("-created_at", "-id")
    page = Paginator(movies, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "movies": page.object_list,
        "total_movies": page.paginator.count,
        "enriched_movies": movies.enriched().count(),
    }
    return render(request, "movies/movie_list.html", context)


def movie_detail(request, pk):
    movie = get_object_or_404(Movie.objects.visible().prefetch_related("trailers"), pk=pk)
    return render(request, "movies/movie_detail.html", {"movie": movie})
