"""A Django app that only worker processes under test install: it makes yt-dlp serve the
listings named by FAKE_YOUTUBE_LISTINGS (a JSON file: {channel URL: listing}) instead of
YouTube, at the same choke point the unit tests use."""

import json
import os
from unittest import mock

from django.apps import AppConfig


class FakeYoutubeConfig(AppConfig):
    name = "tests.integration"
    label = "fake_youtube"

    def ready(self):
        import yt_dlp

        from contrib.youtube.testing import FakeYoutubeDL

        with open(os.environ["FAKE_YOUTUBE_LISTINGS"], encoding="utf-8") as f:
            listings = json.load(f)
        # Started and never stopped: it lives as long as the worker process.
        mock.patch.object(yt_dlp, "YoutubeDL", FakeYoutubeDL.serving(listings)).start()
