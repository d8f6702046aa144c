from django import forms
from django.contrib import admin
from django.db import models

from movies.models import Channel, Movie, PipelineRun, Trailer


class TrailerInline(admin.TabularInline):
    model = Trailer
    extra = 0
    fields = ("video_id", "title", "channel", "kind", "duration", "created_at")
    readonly_fields = ("created_at",)


@admin.register(Movie)
class MovieAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "year",
        "source",
        "status",
        "tmdb_id",
        "imdb_id",
        "video_id",
        "created_at",
    )
    list_filter = ("status", "source", "locked", "created_at")
    search_fields = ("title", "original_title", "tmdb_id", "imdb_id")
    readonly_fields = (
        "created_at",
        "updated_at",
        "title_key",
        "enrich_attempts",
        "last_attempt_at",
    )
    inlines = [TrailerInline]


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "slug",
        "enabled",
        "title_preset",
        "window",
        "last_fetched_at",
        "last_error",
    )
    list_filter = ("enabled",)
    prepopulated_fields = {"slug": ("name",)}
    formfield_overrides = {
        models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}
    }
    readonly_fields = ("last_fetched_at", "last_error", "created_at")


@admin.register(PipelineRun)
class PipelineRunAdmin(admin.ModelAdmin):
    list_display = ("job", "target", "trigger", "started_at", "finished_at", "outcome", "counts")
    list_filter = ("job", "outcome", "trigger")
    readonly_fields = [f.name for f in PipelineRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
