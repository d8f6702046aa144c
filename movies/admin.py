from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from contrib.text import fold
from contrib.tmdb.references import parse_reference
from movies import curation, dispatch, regions, schedule
from movies.models import Channel, Movie, PipelineRun, Trailer


class TrailerInline(admin.TabularInline):
    model = Trailer
    extra = 0
    fields = (
        "video_id",
        "title",
        "channel",
        "kind",
        "year",
        "rerelease",
        "published_at",
        "duration",
        "from_tmdb",
        "language",
        "created_at",
    )
    readonly_fields = ("created_at",)


class NamesField(forms.JSONField):
    """A list of names (`["Drama", "Crime"]`): the pages print these lists as names, and
    anything else stored here would break them."""

    def clean(self, value):
        return _names(super().clean(value))


NAME_LISTS = ("genres", "directors", "cast", "companies", "alternative_titles", "origin_countries")


class MovieForm(forms.ModelForm):
    tmdb_reference = forms.CharField(
        label="Set TMDB film",
        required=False,
        help_text="Paste a TMDB id or URL, or an IMDb id or URL: the film is filled from TMDB "
        "and locked against automatic runs.",
    )

    class Meta:
        model = Movie
        fields = ("tmdb_reference",)  # MovieAdmin adds the model fields of its fieldsets
        field_classes = {name: NamesField for name in NAME_LISTS}

    def clean_tmdb_reference(self):
        # Checked here, at once; looking it up on TMDB is a job (movies.dispatch).
        text = self.cleaned_data["tmdb_reference"].strip()
        if text and parse_reference(text) is None:
            raise forms.ValidationError(
                "Paste a TMDB id or URL (themoviedb.org/movie/603) or an IMDb id or URL "
                "(tt0133093)."
            )
        return text

    def clean_origin_countries(self):
        codes = self.cleaned_data.get("origin_countries") or []
        wrong = [code for code in codes if regions.normalise(code) is None]
        if wrong:
            raise forms.ValidationError(
                f"Not a country code (ISO 3166-1, such as US or GB): {', '.join(wrong)}"
            )
        return [regions.normalise(code) for code in codes]

    def clean(self):
        cleaned = super().clean()
        # title_key is not a form field, so Django skips the one-film-per-title-and-year
        # constraint: checked here, or saving a year another film has fails with a 500.
        if "year" in cleaned and (twin := self._twin(cleaned)):
            url = reverse("admin:movies_movie_change", args=[twin.pk])
            self.add_error(
                "year",
                format_html(
                    'Another film already has this title and year: <a href="{}">{}</a>. If '
                    "it is the same film, set its TMDB film here to merge the two.",
                    url,
                    twin,
                ),
            )
        return cleaned

    def _twin(self, cleaned) -> Movie | None:
        key = self.instance.title_key or fold(cleaned.get("title") or "")
        if not key:
            return None
        films = Movie.objects.exclude(pk=self.instance.pk).annotate(year_key=Coalesce("year", 0))
        return films.filter(title_key=key, year_key=cleaned["year"] or 0).first()


MAX_NAMES = 100
MAX_NAME_LENGTH = 300


def _names(value) -> list[str]:
    """A list of names, as the JSON field holds them: `["Drama", "Crime"]`."""
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise forms.ValidationError('Write a list of names in quotes: ["Drama", "Crime"].')
    names = [v.strip() for v in value if v.strip()]
    if len(names) > MAX_NAMES or any(len(n) > MAX_NAME_LENGTH for n in names):
        raise forms.ValidationError(
            f"At most {MAX_NAMES} names of at most {MAX_NAME_LENGTH} characters."
        )
    return names


@admin.register(Movie)
class MovieAdmin(admin.ModelAdmin):
    form = MovieForm
    list_display = (
        "title",
        "year",
        "source",
        "status",
        "tmdb_id",
        "imdb_id",
        "video_id",
        "created_at",
        "candidate_buttons",
    )
    list_filter = ("status", "source", "locked", "created_at")
    search_fields = ("title", "original_title", "tmdb_id", "imdb_id")
    readonly_fields = (
        "created_at",
        "updated_at",
        "title_key",
        "enrich_attempts",
        "last_attempt_at",
        "candidate_buttons",
        "match_explanation",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "year",
                    "alternative_titles",
                    "original_title",
                    "source",
                    "video_id",
                )
            },
        ),
        (
            "Match",
            {
                "fields": (
                    "tmdb_reference",
                    "match_explanation",
                    "candidate_buttons",
                    "status",
                    "locked",
                )
            },
        ),
        (
            "From TMDB",
            {
                "fields": (
                    "tmdb_id",
                    "imdb_id",
                    "overview",
                    "release_date",
                    "runtime",
                    "genres",
                    "vote_average",
                    "directors",
                    "cast",
                    "companies",
                    "origin_countries",
                    "poster_path",
                    "backdrop_path",
                    "details_fetched_at",
                    "latest_release_date",
                )
            },
        ),
        (
            "Bookkeeping",
            {
                "classes": ("collapse",),
                "fields": (
                    "title_key",
                    "enrich_attempts",
                    "last_attempt_at",
                    "next_attempt_at",
                    "last_error",
                    "created_at",
                    "updated_at",
                ),
            },
        ),
    )
    inlines = [TrailerInline]
    actions = ["re_enrich", "reset_to_pending", "mark_not_a_film"]

    @admin.display(description="TMDB candidates")
    def candidate_buttons(self, movie):
        """One submit button per kept candidate: choosing is one click (a POST with CSRF)."""
        if not movie.candidates or movie.locked:
            return "-"
        return format_html_join(
            "",
            '<button type="submit" class="button" name="_choose" value="{}:{}" '
            'title="{}">{} ({}) · TMDB {}</button> ',
            (
                (
                    movie.pk,
                    c.get("id"),
                    (c.get("overview") or "")[:200],
                    c.get("title"),
                    c.get("year") or "?",
                    c.get("id"),
                )
                for c in movie.candidates
            ),
        )

    @admin.display(description="Why")
    def match_explanation(self, movie):
        """The matcher's reason when it did not match, and the evidence that decided."""
        waiting = (Movie.Status.SERIES, Movie.Status.NEEDS_REVIEW, Movie.Status.NOT_FOUND)
        reason = movie.last_error if movie.status in waiting else ""
        evidence = [
            (item.get("rule", ""), item.get("detail", ""))
            for item in movie.match_evidence
            if isinstance(item, dict)
        ]
        if not reason and not evidence:
            return "-"
        items = format_html_join("", "<li><strong>{}</strong>: {}</li>", evidence)
        series = ""
        if movie.tmdb_tv_url:
            series = format_html(' <a href="{}">The series on TMDB</a>', movie.tmdb_tv_url)
        return format_html("<p>{}{}</p><ul>{}</ul>", reason, series, items)

    def get_queryset(self, request):
        return super().get_queryset(request).defer("overview")

    # One-click choose: the button submits whichever form it is in (change form or list).
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and "_choose" in request.POST:
            return self._choose(request)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and "_choose" in request.POST:
            return self._choose(request)
        return super().changelist_view(request, extra_context)

    def _choose(self, request):
        back = request.get_full_path()
        if not self.has_change_permission(request):
            self.message_user(request, "You may not change films.", messages.ERROR)
            return HttpResponseRedirect(back)
        try:
            movie_id, tmdb_id = (int(part) for part in request.POST["_choose"].split(":"))
            movie = Movie.objects.get(pk=movie_id)
        except (ValueError, Movie.DoesNotExist):
            self.message_user(request, "That choice is no longer available.", messages.ERROR)
        else:
            self._say(request, dispatch.choose(movie.pk, tmdb_id), f"{movie}: ")
        return HttpResponseRedirect(back)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if reference := form.cleaned_data.get("tmdb_reference"):
            self._say(request, dispatch.set_reference(obj.pk, reference))

    def _say(self, request, outcome: str, prefix: str = "") -> None:
        failed = outcome.startswith(dispatch.BROKER_DOWN)
        self.message_user(request, prefix + outcome, messages.ERROR if failed else messages.INFO)

    def response_change(self, request, obj):
        if not Movie.objects.filter(pk=obj.pk).exists():  # merged into another film
            return HttpResponseRedirect(reverse("admin:movies_movie_changelist"))
        return super().response_change(request, obj)

    @admin.action(description="Re-enrich now (unlocks the selected films)", permissions=["change"])
    def re_enrich(self, request, queryset):
        self._say(request, dispatch.re_enrich(list(queryset.values_list("pk", flat=True))))

    @admin.action(description="Reset to pending", permissions=["change"])
    def reset_to_pending(self, request, queryset):
        count = curation.reset_to_pending(queryset)
        self.message_user(request, f"{count} films reset to pending.")

    @admin.action(
        description="Mark as not a film (hidden, never re-created)", permissions=["change"]
    )
    def mark_not_a_film(self, request, queryset):
        count = curation.mark_not_a_film(queryset)
        self.message_user(request, f"{count} records marked as not a film.")


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "slug",
        "enabled",
        "title_preset",
        "include_teasers",
        "window",
        "last_fetched_at",
        "last_error",
    )
    list_filter = ("enabled",)
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("last_fetched_at", "last_error", "created_at")
    formfield_overrides = {
        models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}
    }
    actions = ["fetch_now"]

    @admin.action(description="Fetch now", permissions=["change"])
    def fetch_now(self, request, queryset):
        outcome = dispatch.fetch_now(list(queryset))
        failed = outcome == dispatch.BROKER_DOWN
        self.message_user(request, outcome, messages.ERROR if failed else messages.INFO)


# Starting a job writes films: it takes the right to change them.
RUN_JOBS = "movies.change_movie"


@admin.register(PipelineRun)
class PipelineRunAdmin(admin.ModelAdmin):
    list_display = ("job", "target", "trigger", "started_at", "took", "outcome", "summary", "error")
    list_filter = ("job", "outcome", "trigger")
    readonly_fields = [f.name for f in PipelineRun._meta.fields]
    change_list_template = "admin/movies/pipelinerun/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Took")
    def took(self, run):
        return f"{run.duration.total_seconds():.1f}s" if run.duration else "-"

    @admin.display(description="Counts")
    def summary(self, run):
        return ", ".join(f"{k}: {v}" for k, v in run.counts.items() if k != "skipped") or "-"

    def changelist_view(self, request, extra_context=None):
        may_run = request.user.has_perm(RUN_JOBS)
        if request.method == "POST" and "_enrich_now" in request.POST:
            if may_run:
                outcome = dispatch.enrich_now()
                level = messages.ERROR if outcome == dispatch.BROKER_DOWN else messages.INFO
                self.message_user(request, outcome, level)
            else:
                self.message_user(request, "You may not start jobs.", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        extra_context = {
            **(extra_context or {}),
            "schedule": schedule.schedule(),
            "broker": bool(settings.REDIS_URL),
            "may_run": may_run,
        }
        return super().changelist_view(request, extra_context)
