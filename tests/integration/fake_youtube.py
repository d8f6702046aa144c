"""A Django app that only processes under test install: it makes yt-dlp answer from the
JSON file named by FAKE_YOUTUBE_LISTINGS instead of YouTube, at the same choke point the
unit tests use. The file holds {"listings": {url: listing}, "errors": {url: cause}}."""

import json
import os
from unittest import mock

from django.apps import AppConfig


class FakeYoutubeConfig(AppConfig):
    name = "tests.integration"
    label = "fake_youtube"

    def ready(self):
        import yt_dlp

        from contrib.youtube.testing import FakeYoutubeDL, download_error

        with open(os.environ["FAKE_YOUTUBE_LISTINGS"], encoding="utf-8") as f:
            recorded = json.load(f)
        errors = {url: download_error(url, cause) for url, cause in recorded["errors"].items()}
        fake = FakeYoutubeDL.serving(recorded["listings"], errors)
        # Started and never stopped: it lives as long as the process.
        mock.patch.object(yt_dlp, "YoutubeDL", fake).start()
