import pytest

from contrib.youtube.identifiers import ChannelURLError, channel_videos_url, is_video_id

MUBI = "https://www.youtube.com/@mubi/videos"
CHANNEL_ID = "UCbPMd35jluPL_TtjV-pxlhy"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/@mubi/videos",
        "https://www.youtube.com/@mubi",
        "https://www.youtube.com/@mubi/",
        "https://www.youtube.com/@mubi/featured",
        "https://www.youtube.com/@mubi/shorts",
        "https://www.youtube.com/@mubi/streams/",
        "https://www.youtube.com/@mubi/Videos",
        "https://www.youtube.com/@mubi?si=abc123",
        "https://www.youtube.com/@mubi/videos?view=0&sort=dd#top",
        "http://www.youtube.com/@mubi",
        "https://youtube.com/@mubi",
        "https://m.youtube.com/@mubi/videos",
        "https://WWW.YouTube.COM/@mubi",
        "www.youtube.com/@mubi",
        "youtube.com/@mubi/",
        "  https://www.youtube.com/@mubi  ",
    ],
)
def test_it_reads_any_address_of_a_handle_as_its_videos_tab(url):
    assert channel_videos_url(url) == MUBI


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            f"https://www.youtube.com/channel/{CHANNEL_ID}",
            f"https://www.youtube.com/channel/{CHANNEL_ID}/videos",
        ),
        (
            f"https://m.youtube.com/channel/{CHANNEL_ID}/featured?app=desktop",
            f"https://www.youtube.com/channel/{CHANNEL_ID}/videos",
        ),
        ("https://www.youtube.com/c/A24", "https://www.youtube.com/c/A24/videos"),
        ("http://youtube.com/c/A24/videos/", "https://www.youtube.com/c/A24/videos"),
        ("https://www.youtube.com/user/mubi", "https://www.youtube.com/user/mubi/videos"),
        ("https://www.youtube.com/user/mubi/playlists", "https://www.youtube.com/user/mubi/videos"),
    ],
)
def test_it_reads_channel_ids_and_legacy_names_as_their_videos_tab(url, expected):
    assert channel_videos_url(url) == expected


def test_it_keeps_a_handles_case_and_script():
    assert channel_videos_url("https://www.youtube.com/@RottenTomatoesIndie") == (
        "https://www.youtube.com/@RottenTomatoesIndie/videos"
    )
    assert channel_videos_url("https://www.youtube.com/@%E6%98%A0%E7%94%BB%E9%A4%A8") == (
        "https://www.youtube.com/@映画館/videos"
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://vimeo.com/@mubi", "vimeo.com is not YouTube"),
        ("https://www.youtube.com.evil.example/@mubi", "is not YouTube"),
        ("https://youtube.com@evil.example/@mubi", "is not YouTube"),
        ("https://user@www.youtube.com/@mubi", "is not YouTube"),
        ("https://www.youtube.com:8443/@mubi", "is not YouTube"),
        ("https://music.youtube.com/@mubi", "is not YouTube"),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "address of a video"),
        ("https://youtu.be/dQw4w9WgXcQ", "address of a video"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "address of a video"),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", "address of a video"),
        ("https://www.youtube.com/playlist?list=PL123", "address of a playlist"),
        ("https://www.youtube.com/", "YouTube's home page"),
        ("https://www.youtube.com/mubi", "is not a channel"),
        ("https://www.youtube.com/results?search_query=mubi", "is not a channel"),
        ("https://www.youtube.com/channel/mubi", "not a channel id"),
        ("https://www.youtube.com/channel/", "is not a channel"),
        ("https://www.youtube.com/@mubi/videos/extra", "not a page of a YouTube channel"),
        ("https://www.youtube.com/@mubi/nonsense", "not a page of a YouTube channel"),
        ("https://www.youtube.com/@a", "not a YouTube handle"),
        ("https://www.youtube.com/@mu<bi>", "not a YouTube handle"),
        ("ftp://www.youtube.com/@mubi", "Only http and https"),
        ("javascript://www.youtube.com/@mubi", "Only http and https"),
        ("https://[::1/@mubi", "not a web address"),
        ("", "Enter the channel's YouTube address"),
        ("   ", "Enter the channel's YouTube address"),
    ],
)
def test_it_refuses_what_is_not_a_youtube_channel_and_says_why(url, message):
    with pytest.raises(ChannelURLError, match=message):
        channel_videos_url(url)


@pytest.mark.parametrize("video_id", ["dQw4w9WgXcQ", "0-UBI9Bwn8b", "a_b-c_d-e_f"])
def test_it_accepts_video_ids_of_youtubes_alphabet(video_id):
    assert is_video_id(video_id)


@pytest.mark.parametrize(
    "video_id", ["", "short", "dQw4w9WgXcQx", "dQw4w9 gXcQ", "dQw4w9WgXc!", "dQw4w9WgXcQ\n", 11]
)
def test_it_refuses_anything_else_as_a_video_id(video_id):
    assert not is_video_id(video_id)
