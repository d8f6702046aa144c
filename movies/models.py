from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone

from contrib.text import fold
from contrib.tmdb.types import DEFAULT_IMAGE_BASE_URL, ImageConfig
from contrib.youtube.identifiers import VIDEO_ID, ChannelURLError, channel_videos_url
from contrib.youtube.titles import PRESETS
from movies import cache as catalogue
from movies.search import search_text_of

TMDB_MOVIE_URL = "https://www.themoviedb.org/movie/{}"
TMDB_TV_URL = "https://www.themoviedb.org/tv/{}"
IMDB_TITLE_URL = "https://www.imdb.com/title/{}/"
LETTERBOXD_TMDB_URL = "https://letterboxd.com/tmdb/{}/"
# The source of the sample films `make demo` loads; pages label them as samples.
DEMO_SOURCE = "demo"
# The release-date sort key: undated films after every dated one.
RELEASE_SORT_KEY = Coalesce("release_date", Value(date(1, 1, 1)))
# A channel's window: one yt-dlp listing page holds about 30 videos, so 500 is ~17 requests.
MAX_WINDOW = 500


def validate_channel_url(value: str) -> None:
    try:
        channel_videos_url(value)
    except ChannelURLError as exc:
        raise ValidationError(str(exc), code="not_a_channel") from exc


validate_video_id = RegexValidator(
    rf"\A{VIDEO_ID.pattern}\Z",
    "A YouTube video id is 11 letters, digits, '-' or '_' (as in watch?v=dQw4w9WgXcQ).",
    code="invalid_video_id",
)


def display_year(release_date: date | None, year: int | None) -> int | None:
    """The release year once TMDB knows it, else the year the trailer title gave."""
    return release_date.year if release_date else year


class Channel(models.Model):
    """A YouTube channel that posts film trailers. Adding one is an admin form, not code."""

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)
    url = models.URLField(
        unique=True,
        validators=[validate_channel_url],
        help_text="The channel's YouTube address (@handle, /channel/UC…, /c/… or /user/…); "
        "saved as its videos tab.",
    )
    enabled = models.BooleanField(default=True)
    title_preset = models.CharField(
        max_length=30,
        default="auto",
        choices=[(name, preset.label) for name, preset in PRESETS.items()],
        help_text="How this channel writes its video titles; 'Any channel' reads every style.",
    )
    include_teasers = models.BooleanField(
        default=False, help_text="Also turn teasers into films (skipped by default)."
    )
    studio_names = models.TextField(
        blank=True,
        help_text="The studios this channel posts for, one a line, as TMDB spells production "
        "companies (e.g. 'Marvel Studios'); a film made by one of them is more likely the "
        "one its trailer means. Empty: the channel's name.",
    )
    window = models.PositiveIntegerField(
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WINDOW)],
        help_text=f"How many of the newest videos to read (1 to {MAX_WINDOW}).",
    )
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.url = _videos_tab(self.url)
        super().save(*args, **kwargs)

    def clean(self):
        # Before the unique check, so "…/@mubi" is found to be the stored "…/@mubi/videos".
        self.url = _videos_tab(self.url)

    @property
    def studios(self) -> tuple[str, ...]:
        names = tuple(line.strip() for line in self.studio_names.splitlines() if line.strip())
        return names or (self.name,)


def _videos_tab(url: str) -> str:
    """The channel's videos tab; an address that is not a channel is left for validation."""
    try:
        return channel_videos_url(url)
    except ChannelURLError:
        return url


class MovieQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        # bulk_create skips save(): keep every film findable by search all the same.
        objs = list(objs)
        for movie in objs:
            movie.search_text = movie.searchable_text()
        return super().bulk_create(objs, *args, **kwargs)

    def enriched(self):
        return self.filter(tmdb_id__isnull=False)

    def pending(self):
        return self.filter(status=Movie.Status.PENDING)

    def with_trailers(self):
        """Prefetch every trailer with its channel, the channels' newest first, then TMDB's:
        what a film's page shows."""
        trailers = Trailer.objects.select_related("channel").order_by(
            "from_tmdb", "-created_at", "-id"
        )
        return self.prefetch_related(models.Prefetch("trailers", queryset=trailers))

    def visible(self):
        """What the public pages show: everything but records that are not films."""
        return self.exclude(status__in=[Movie.Status.REJECTED, Movie.Status.SERIES])

    def due_for_enrichment(self, now=None):
        """Unlocked films an automatic run should look up now."""
        now = now or timezone.now()
        retry_due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
        return self.filter(locked=False).filter(
            Q(status=Movie.Status.PENDING)
            | (Q(status__in=[Movie.Status.NOT_FOUND, Movie.Status.FAILED]) & retry_due)
        )


class Movie(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        MATCHED = "matched", "Matched"
        NOT_FOUND = "not_found", "Not found"
        NEEDS_REVIEW = "needs_review", "Needs review"
        FAILED = "failed", "Failed"
        REJECTED = "rejected", "Not a film"
        # TMDB knows the title as a series and no film fits as well: hidden like REJECTED,
        # but a curator can still choose one of its film candidates.
        SERIES = "series", "Not a film (series)"

    # The seeds' fields.
    title = models.CharField(max_length=255, help_text="Display title: TMDB's once matched.")
    original_title = models.CharField(
        max_length=255, blank=True, null=True, help_text="Raw title of the first trailer."
    )
    tmdb_id = models.IntegerField(blank=True, null=True, unique=True)
    imdb_id = models.CharField(max_length=20, blank=True, null=True, unique=True)
    source = models.CharField(max_length=50, help_text="Slug of the channel that first brought it.")
    video_id = models.CharField(
        max_length=50,
        blank=True,
        null=True,
        validators=[validate_video_id],
        help_text="Main trailer.",
    )
    overview = models.TextField(blank=True, null=True)
    release_date = models.DateField(blank=True, null=True)
    poster_path = models.CharField(max_length=255, blank=True, null=True)
    backdrop_path = models.CharField(max_length=255, blank=True, null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    # Identity across channels: the folded trailer title plus the year the trailer gave.
    title_key = models.CharField(max_length=255, db_index=True, editable=False)
    year = models.PositiveSmallIntegerField(
        blank=True, null=True, help_text="From the trailer title."
    )
    alternative_titles = models.JSONField(
        default=list,
        blank=True,
        help_text="Other readings of the trailers' titles (a studio's full form, an 'aka' "
        "title), searched and compared too.",
    )

    # Enrichment.
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    locked = models.BooleanField(
        default=False, help_text="A curator's choice: automatic runs leave this film alone."
    )
    enrich_attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(blank=True, null=True)
    next_attempt_at = models.DateTimeField(blank=True, null=True)
    last_error = models.TextField(blank=True)
    candidates = models.JSONField(
        default=list, blank=True, help_text="TMDB candidates kept for review."
    )
    tmdb_tv_id = models.IntegerField(
        blank=True, null=True, help_text="The TMDB series its trailers are of, when not a film."
    )
    match_evidence = models.JSONField(
        default=list,
        blank=True,
        help_text="What decided the match or the series: [{rule, detail}, ...].",
    )
    tmdb_original_title = models.CharField(
        max_length=255, blank=True, default="", help_text="TMDB's original title."
    )
    runtime = models.PositiveIntegerField(blank=True, null=True, help_text="Minutes.")
    genres = models.JSONField(default=list, blank=True)
    vote_average = models.FloatField(blank=True, null=True)
    companies = models.JSONField(default=list, blank=True, help_text="Production companies.")
    directors = models.JSONField(default=list, blank=True)
    cast = models.JSONField(default=list, blank=True, help_text="Top-billed, in billing order.")
    origin_countries = models.JSONField(
        default=list, blank=True, help_text="Where it was made (ISO 3166-1 codes)."
    )
    details_fetched_at = models.DateTimeField(
        blank=True, null=True, help_text="When TMDB's details were last stored."
    )
    latest_release_date = models.DateField(
        blank=True,
        null=True,
        help_text="Its latest release of any kind in any country: how often it is refreshed.",
    )
    last_trailer_at = models.DateTimeField(default=timezone.now)
    # What a search looks in (movies.search): kept by save() and by the pipeline's writes.
    search_text = models.TextField(blank=True, default="", editable=False)

    objects = MovieQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # Backs the save stage's rule under concurrency: one film per key and year.
            models.UniqueConstraint(
                "title_key", Coalesce("year", 0), name="movie_unique_title_key_year"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="movie_due_idx"),
            # The list page's three sorts, and its channel filter.
            models.Index(fields=["-last_trailer_at", "-id"], name="movie_newest_idx"),
            # Undated films last: the same expression as the sort, so the index serves it.
            models.Index(RELEASE_SORT_KEY.desc(), F("id").desc(), name="movie_release_key_idx"),
            models.Index(Lower("title"), "id", name="movie_title_idx"),
            models.Index(fields=["source"], name="movie_source_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    def save(self, *args, **kwargs):
        if not self.title_key:
            self.title_key = fold(self.title)
        self.search_text = self.searchable_text()
        update_fields = kwargs.get("update_fields")
        searched = {"title", "original_title", "tmdb_original_title"}
        if update_fields is not None and searched & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("movies:detail", args=[self.pk])

    def searchable_text(self) -> str:
        return search_text_of(self.title, self.original_title, self.tmdb_original_title)

    @property
    def display_year(self) -> int | None:
        return display_year(self.release_date, self.year)

    def poster_url(self, size: str = "w342") -> str | None:
        return ImageConfiguration.current().url(self.poster_path, size)

    def backdrop_url(self, size: str = "w1280") -> str | None:
        return ImageConfiguration.current().url(self.backdrop_path, size)

    @property
    def tmdb_url(self) -> str | None:
        return TMDB_MOVIE_URL.format(self.tmdb_id) if self.tmdb_id else None

    @property
    def tmdb_tv_url(self) -> str | None:
        return TMDB_TV_URL.format(self.tmdb_tv_id) if self.tmdb_tv_id else None

    @property
    def imdb_url(self) -> str | None:
        return IMDB_TITLE_URL.format(self.imdb_id) if self.imdb_id else None

    @property
    def letterboxd_url(self) -> str | None:
        return LETTERBOXD_TMDB_URL.format(self.tmdb_id) if self.tmdb_id else None


class Trailer(models.Model):
    class Kind(models.TextChoices):
        TRAILER = "trailer", "Trailer"
        TEASER = "teaser", "Teaser"

    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="trailers")
    video_id = models.CharField(max_length=50, unique=True, validators=[validate_video_id])
    title = models.CharField(max_length=500, help_text="Raw YouTube title.")
    channel = models.ForeignKey(
        Channel, on_delete=models.SET_NULL, null=True, blank=True, related_name="trailers"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TRAILER)
    position = models.PositiveIntegerField(
        default=0, help_text="Place in the channel listing when first seen (0 = newest)."
    )
    duration = models.PositiveIntegerField(blank=True, null=True, help_text="Seconds.")
    published_at = models.DateTimeField(
        blank=True,
        null=True,
        help_text="Upload time, approximated from YouTube's '3 weeks ago' (UTC).",
    )
    year = models.PositiveSmallIntegerField(
        blank=True, null=True, help_text="The year its title gives, if any."
    )
    rerelease = models.BooleanField(
        default=False,
        help_text="A re-release's trailer (anniversary, restoration...): of an older film.",
    )
    from_tmdb = models.BooleanField(
        default=False,
        help_text="One of TMDB's official videos of the film, not found on a channel.",
    )
    language = models.CharField(
        max_length=2, blank=True, help_text="Its language (ISO 639-1), when TMDB says."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.title

    @property
    def youtube_url(self) -> str:
        return f"https://www.youtube.com/watch?v={self.video_id}"

    @property
    def embed_url(self) -> str:
        return f"https://www.youtube-nocookie.com/embed/{self.video_id}?autoplay=1"

    @property
    def thumbnail_url(self) -> str:
        return f"https://i.ytimg.com/vi/{self.video_id}/hqdefault.jpg"


class MovieRegion(models.Model):
    """A film in one country, from TMDB's details: the first release of each kind, its
    certification and where to watch it (JustWatch's data). The list's regional filters
    and sort read these rows through their indexes; a country TMDB says nothing about for
    a film has no row."""

    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="regions")
    region = models.CharField(max_length=2, help_text="ISO 3166-1 country code.")
    premiere = models.DateField(null=True, blank=True)
    limited = models.DateField(null=True, blank=True)
    theatrical = models.DateField(null=True, blank=True)
    digital = models.DateField(null=True, blank=True)
    physical = models.DateField(null=True, blank=True)
    tv = models.DateField(null=True, blank=True)
    # Kept for the filters and the sort: the first limited or wide release, and the first
    # release to the public of any kind (a festival premiere is not one).
    cinemas = models.DateField(null=True, blank=True)
    released = models.DateField(null=True, blank=True)
    certification = models.CharField(max_length=20, blank=True)
    watch = models.JSONField(
        default=dict, blank=True, help_text='{"link", "stream", "rent", "buy"}: JustWatch\'s.'
    )
    streaming = models.BooleanField(default=False)
    first_stream = models.CharField(
        max_length=100, blank=True, help_text="The first service streaming it, for the cards."
    )
    streaming_since = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a refresh first found it streaming here: its 'Now streaming' entry.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["movie", "region"], name="movie_region_unique"),
        ]
        indexes = [
            # The regional release sort and "Coming soon".
            models.Index(
                F("region"), F("released").desc(), F("movie").desc(), name="region_released_idx"
            ),
            models.Index(fields=["region", "cinemas"], name="region_cinemas_idx"),
            models.Index(
                fields=["region", "movie"], condition=Q(streaming=True), name="region_stream_idx"
            ),
            models.Index(
                fields=["region", "-streaming_since"],
                condition=Q(streaming_since__isnull=False),
                name="region_streaming_since_idx",
            ),
        ]

    def __str__(self):
        return f"{self.movie_id} in {self.region}"


class Provider(models.Model):
    """A streaming, rental or sales service, as TMDB (JustWatch) names it."""

    id = models.PositiveIntegerField(primary_key=True, help_text="TMDB's provider id.")
    name = models.CharField(max_length=100)
    logo_path = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class StreamOffer(models.Model):
    """A film streams on a service in a country: what "On my services" looks up."""

    movie = models.ForeignKey(Movie, on_delete=models.CASCADE, related_name="stream_offers")
    region = models.CharField(max_length=2)
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="offers")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["movie", "region", "provider"], name="stream_offer_unique"
            ),
        ]
        indexes = [models.Index(fields=["region", "provider", "movie"], name="offer_lookup_idx")]

    def __str__(self):
        return f"{self.movie_id} on {self.provider_id} in {self.region}"


class ImageConfiguration(models.Model):
    """TMDB's `/configuration` images block, refreshed by enrichment runs."""

    base_url = models.URLField(default=DEFAULT_IMAGE_BASE_URL)
    poster_sizes = models.JSONField(default=list)
    backdrop_sizes = models.JSONField(default=list)
    fetched_at = models.DateTimeField(auto_now=True)

    # (catalogue generation, configuration): re-read once a write has moved the generation on,
    # so every process shows the new image base as soon as a run stores one.
    _cached: tuple[int, ImageConfig] | None = None

    def __str__(self):
        return f"TMDB images at {self.base_url}"

    @classmethod
    def current(cls, version: int | None = None) -> ImageConfig:
        """The stored configuration (TMDB's default when none is stored), memoised per process
        for the catalogue generation `version` (the current one when not given)."""
        version = version or catalogue.generation()
        if cls._cached and cls._cached[0] == version:
            return cls._cached[1]
        cls._cached = (version, cls._read())
        return cls._cached[1]

    @classmethod
    def _read(cls) -> ImageConfig:
        row = cls.objects.order_by("-fetched_at").first()
        config = ImageConfig()
        if row:
            config = ImageConfig(
                base_url=row.base_url,
                poster_sizes=tuple(row.poster_sizes) or config.poster_sizes,
                backdrop_sizes=tuple(row.backdrop_sizes) or config.backdrop_sizes,
            )
        return config

    @classmethod
    def clear_cache(cls) -> None:
        """Forget the memoised configuration: the next `current()` reads the database."""
        cls._cached = None

    @classmethod
    def store(cls, config: ImageConfig) -> None:
        """Keep TMDB's configuration; a change moves the catalogue on (image addresses on
        cached pages change with it), the same configuration again changes nothing."""
        if cls.objects.exists() and cls._read() == config:
            return
        cls.objects.update_or_create(
            pk=1,
            defaults={
                "base_url": config.base_url,
                "poster_sizes": list(config.poster_sizes),
                "backdrop_sizes": list(config.backdrop_sizes),
            },
        )
        cls.clear_cache()
        catalogue.bump()


class PipelineRun(models.Model):
    """One fetch or enrichment run, for the operator's run history in admin."""

    class Job(models.TextChoices):
        FETCH = "fetch", "Fetch videos"
        ENRICH = "enrich", "Enrich with TMDB"
        REFRESH = "refresh", "Refresh TMDB details"

    class Outcome(models.TextChoices):
        RUNNING = "running", "Running"
        OK = "ok", "OK"
        PARTIAL = "partial", "Partly failed"
        FAILED = "failed", "Failed"

    job = models.CharField(max_length=10, choices=Job.choices)
    target = models.CharField(
        max_length=100, blank=True, help_text="Channel slug, or empty for all."
    )
    trigger = models.CharField(max_length=20, default="command")
    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.RUNNING)
    counts = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        label = self.get_job_display()
        return f"{label} {self.target}".strip() + f" at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def duration(self) -> timedelta | None:
        return self.finished_at - self.started_at if self.finished_at else None
