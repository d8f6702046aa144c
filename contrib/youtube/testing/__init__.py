"""Offline YouTube for tests and benchmarks: `fake_ytdlp` (the yt-dlp double and recorded
listings) and `synthetic` (generated listings of any size)."""
