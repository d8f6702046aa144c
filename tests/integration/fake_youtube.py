"""A Django app that only processes under test install: it makes yt-dlp answer from the
file named by FAKE_YOUTUBE_LISTINGS instead of YouTube, at the same choke point the unit
tests use. The file is written by `contrib.youtube.testing.fake_ytdlp.write_recording`."""

import os
from unittest import mock

from django.apps import AppConfig


class FakeYoutubeConfig(AppConfig):
    name = "tests.integration"
    label = "fake_youtube"

    def ready(self):
        import yt_dlp

        from contrib.youtube.testing.fake_ytdlp import serving_recording

        fake = serving_recording(os.environ["FAKE_YOUTUBE_LISTINGS"])
        # Started and never stopped: it lives as long as the process.
        mock.patch.object(yt_dlp, "YoutubeDL", fake).start()
