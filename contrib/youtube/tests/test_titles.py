import random

import pytest

from contrib.youtube.tests.title_corpus import ROWS
from contrib.youtube.titles import PRESETS, Kind, ParsedTitle, display_case, parse_title


@pytest.mark.parametrize(("style", "raw", "title", "year", "kind"), ROWS, ids=[r[1] for r in ROWS])
def test_it_reads_the_corpus_title(style, raw, title, year, kind):
    got = parse_title(raw)

    assert (got.title, got.year, got.kind) == (title, year, kind)


@pytest.mark.parametrize(("style", "raw", "title", "year", "kind"), ROWS, ids=[r[1] for r in ROWS])
def test_it_reads_the_corpus_title_with_the_channels_preset(style, raw, title, year, kind):
    got = parse_title(raw, preset=style)

    assert (got.title, got.year, got.kind) == (title, year, kind)


def test_it_reads_the_rotten_tomatoes_shape():
    got = parse_title("The Lord of the Rings Official Trailer #1 (2025)")

    assert got == ParsedTitle(
        raw="The Lord of the Rings Official Trailer #1 (2025)",
        title="The Lord of the Rings",
        display_title="The Lord of the Rings",
        year=2025,
        kind=Kind.TRAILER,
    )


def test_it_reads_the_seeds_mubi_shape():
    got = parse_title("ARRIVAL | Official Trailer #1")

    assert (got.title, got.display_title, got.year, got.kind) == (
        "ARRIVAL",
        "Arrival",
        None,
        Kind.TRAILER,
    )


def test_it_drops_a_channel_suffix_after_a_bar():
    assert (
        parse_title("What They Had Trailer #1 (2018) | Movieclips Indie").title == "What They Had"
    )


def test_it_drops_an_actor_suffix_after_a_dash():
    got = parse_title(
        "X-Men: Days of Future Past Official Trailer #1 (2014) - Hugh Jackman Movie HD"
    )

    assert got.title == "X-Men: Days of Future Past"


def test_it_drops_a_release_date_tail():
    assert parse_title("LONGLEGS | Official Trailer | In Theaters July 12").title == "LONGLEGS"


def test_it_drops_hashtags_after_the_trailer_words():
    got = parse_title("Matchbox The Movie Comic-Con Trailer (2026) | #SDCC #SDCC2026")

    assert (got.title, got.year) == ("Matchbox The Movie", 2026)


def test_it_reads_a_year_before_the_trailer_words():
    assert (
        parse_title("Inception (2010) Official Trailer #1 - Christopher Nolan Movie HD").year
        == 2010
    )


def test_it_reads_a_year_after_the_trailer_words():
    assert parse_title("Logan Trailer #2 (2017) | Movieclips Trailers").year == 2017


def test_it_reads_a_year_inside_the_channel_suffix():
    assert parse_title("2046 Official Trailer #1 - Tony Leung Movie (2004) HD").year == 2004


def test_it_reads_a_year_written_with_the_word_movie():
    got = parse_title("Smile 2 | Official Trailer (2024 Movie)")

    assert (got.title, got.year) == ("Smile 2", 2024)


def test_it_keeps_a_year_that_is_part_of_the_title():
    got = parse_title("Blade Runner 2049 Trailer #1 (2017) | Movieclips Trailers")

    assert (got.title, got.year) == ("Blade Runner 2049", 2017)


def test_it_keeps_a_title_that_is_a_year():
    got = parse_title("1917 - Official Trailer [HD]")

    assert (got.title, got.year) == ("1917", None)


def test_it_does_not_read_a_year_from_a_release_date():
    assert parse_title("PARASITE - Official Trailer – In Theaters 10.11.2019").year is None


def test_it_does_not_read_a_bare_number_as_the_year():
    assert parse_title("Dune | Official Trailer | 2021").year is None


def test_it_ignores_an_implausible_year():
    assert parse_title("Dune Trailer (1850)").year is None


def test_it_handles_a_teaser_trailer_as_a_teaser():
    assert parse_title("Bad Lieutenant: Tokyo Teaser Trailer (2026)").kind is Kind.TEASER


def test_it_handles_a_teaser_alone_as_a_teaser():
    got = parse_title("Marty Supreme | Official Teaser | A24")

    assert (got.title, got.kind) == ("Marty Supreme", Kind.TEASER)


@pytest.mark.parametrize(
    "words",
    [
        "Trailer",
        "Official Trailer",
        "Exclusive Trailer",
        "Red Band Trailer",
        "Official Red Band Trailer",
        "Final Trailer",
        "International Trailer",
        "Official International Trailer",
        "New Trailer",
        "Main Trailer",
        "Official UK Trailer",
        "Comic-Con Trailer",
        "Official Trailer HD",
        "Official Trailer (HD)",
        "Official Trailer [HD]",
    ],
)
def test_it_handles_trailer_qualifiers(words):
    got = parse_title(f"Heretic {words} (2024)")

    assert (got.title, got.year, got.kind) == ("Heretic", 2024, Kind.TRAILER)


@pytest.mark.parametrize("number", ["1", "2", "#2", "# 2", "No. 2", "Two", "II"])
def test_it_handles_trailer_numbers(number):
    got = parse_title(f"Heretic Official Trailer {number} (2024)")

    assert (got.title, got.year) == ("Heretic", 2024)


def test_it_gives_a_qualifier_back_to_a_title_ending_in_an_article():
    got = parse_title("The International Official Trailer #1 - Clive Owen Movie (2009) HD")

    assert got.title == "The International"


def test_it_gives_a_qualifier_before_official_back_to_the_title():
    assert parse_title("Something New Official Trailer #1 (2006)").title == "Something New"


def test_it_handles_titles_with_a_number_sign():
    assert parse_title("Juror #2 Trailer #1 (2024)").title == "Juror #2"


def test_it_handles_titles_that_start_with_a_hashtag():
    assert parse_title("#Alive | Official Trailer | Netflix").title == "#Alive"


def test_it_handles_titles_with_colons_and_dashes():
    got = parse_title("Mission: Impossible – The Final Reckoning | Teaser Trailer (2025 Movie)")

    assert (got.title, got.year) == ("Mission: Impossible - The Final Reckoning", 2025)


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("Se7en (1995) Official Trailer - Brad Pitt Movie HD", "Se7en"),
        ("9 Official Trailer #1 - Elijah Wood Movie (2009) HD", "9"),
        (
            "10 Cloverfield Lane Official Trailer 1 (2016) - John Goodman Movie",
            "10 Cloverfield Lane",
        ),
        ("2046 Official Trailer #1 - Tony Leung Movie (2004) HD", "2046"),
    ],
)
def test_it_handles_titles_with_digits(raw, title):
    assert parse_title(raw).title == title


def test_it_handles_titles_that_contain_the_word_trailer():
    got = parse_title("Trailer Park Boys: Countdown to Liquor Day Official Trailer #1 (2009) HD")

    assert got.title == "Trailer Park Boys: Countdown to Liquor Day"


def test_it_handles_a_title_made_of_an_article_and_trailer():
    assert parse_title("The Trailer (2019) Official Trailer").title == "The Trailer"


def test_it_handles_typographic_dashes_quotes_and_spaces():
    got = parse_title("Don\u2019t Look Up\u00a0\u2014\u00a0Official Trailer")

    assert got.title == "Don't Look Up"


def test_it_keeps_accents():
    assert parse_title("Les Misérables Official Trailer #1 (2012)").title == "Les Misérables"


def test_it_handles_trailer_words_in_brackets():
    got = parse_title("PARASITE [Official Red Band Trailer] – In Theaters October 11")

    assert got.title == "PARASITE"


def test_it_handles_trailer_words_in_parentheses():
    assert parse_title("Dune: Part Two (Official Trailer)").title == "Dune: Part Two"


def test_it_drops_a_channel_name_before_the_title():
    assert parse_title("MUBI | THE SUBSTANCE | Official Trailer").title == "THE SUBSTANCE"


def test_it_takes_the_first_of_several_segments_before_the_trailer_words():
    got = parse_title("Kinds of Kindness | Emma Stone | Official Trailer")

    assert got.title == "Kinds of Kindness"


def test_it_drops_a_leading_label():
    assert parse_title("Exclusive: Dune Official Trailer").title == "Dune"


def test_it_drops_quotes_around_the_title():
    assert parse_title('"Dune" Official Trailer').title == "Dune"


def test_it_drops_only_the_presets_channel_names():
    raw = "A24 | Past Lives | Official Trailer"

    assert parse_title(raw, preset="a24").title == "Past Lives"
    assert parse_title(raw, preset="mubi").title == "A24"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("The Substance Exclusive Clip - Pretty Girls Should Always Smile (2024)", "clip"),
        ("Dune: Part Two | Official Clip", "clip"),
        ("Nosferatu Featurette - Becoming Orlok (2024)", "featurette"),
        ("Conclave TV Spot - Secrets (2024)", "tv_spot"),
        ("Gladiator II | Big Game Spot (2024 Movie)", "tv_spot"),
        ("Heretic Behind the Scenes (2024)", "behind_the_scenes"),
        ("The Irishman | Making Of | Netflix", "behind_the_scenes"),
        ("Anora Cast Interview: Mikey Madison", "interview"),
        ("Sean Baker Q&A | MUBI", "interview"),
        ("MUBI Notebook Review: THE BRUTALIST", "review"),
        ("Avengers: Endgame Trailer Reaction & Review", "review"),
        ("Sinners Ending Explained", "review"),
        ("Coralie Fargeat on THE SUBSTANCE | MUBI Podcast", "podcast"),
        ("Wednesday: Season 2 | Official Trailer | Netflix", "tv_series"),
        ("The Curse | Official Series Trailer | A24", "tv_series"),
        ("Adolescence | Limited Series Trailer | Netflix", "tv_series"),
        ("The Crown: The Final Season | Official Trailer | Netflix", "tv_series"),
        ("Best Movies of 2024 | Rotten Tomatoes", "compilation"),
        ("2024 in Review", "compilation"),
        ("Top 10 Movie Car Chases | Movieclips", "compilation"),
        ("Sinners | Official Trailer #shorts", "short"),
        ("Wicked – Official Soundtrack Preview", "soundtrack"),
        ("Call of Duty: Black Ops 6 | Gameplay Reveal Trailer", "video_game"),
        ("DUNE 3 - Fan Made Concept Trailer", "not_a_trailer"),
        ("Andrea Arnold on BIRD | MUBI", "not_a_trailer"),
    ],
)
def test_it_rejects_what_is_not_a_films_trailer(raw, reason):
    got = parse_title(raw)

    assert (got.kind, got.reason, got.title, got.year) == (Kind.OTHER, reason, "", None)


def test_it_rejects_a_news_round_up():
    got = parse_title("Superman Trailer, Avatar 3 Title & More | Weekly Ketchup")

    assert (got.kind, got.reason) == (Kind.OTHER, "compilation")


def test_it_rejects_words_after_the_trailer_that_make_it_something_else():
    assert parse_title("Dune | Official Trailer | Cast Panel").reason == "interview"


@pytest.mark.parametrize("raw", ["Official Trailer", "Trailer", "Final Trailer | MUBI"])
def test_it_rejects_trailer_words_without_a_title(raw):
    assert parse_title(raw).reason == "not_a_trailer"


def test_it_reads_a_title_that_follows_the_trailer_words():
    assert parse_title("Official Trailer | Dune").title == "Dune"


def test_it_rejects_a_channel_name_as_the_title():
    assert parse_title("MUBI Official Trailer").reason == "not_a_trailer"


@pytest.mark.parametrize("raw", [None, 42, b"Dune Official Trailer", ["Dune"]])
def test_it_handles_none_and_non_strings(raw):
    got = parse_title(raw)

    assert (got.raw, got.kind, got.reason) == ("", Kind.OTHER, "empty")


@pytest.mark.parametrize("raw", ["", "   ", "\u00a0", "!!!", "| - |", "()[]"])
def test_it_handles_empty_and_punctuation_only_titles(raw):
    assert parse_title(raw).reason == "empty"


@pytest.mark.parametrize("raw", ["[Private video]", "[Deleted video]", " [private video] "])
def test_it_handles_unavailable_videos(raw):
    assert parse_title(raw).reason == "unavailable"


def test_it_handles_control_characters():
    got = parse_title("\x00Dune\x07 Official\tTrailer\x1b (2021)")

    assert (got.title, got.year) == ("Dune", 2021)


def test_it_handles_very_long_titles():
    got = parse_title("Dune " * 400 + "Official Trailer")

    assert (got.kind, got.reason) == (Kind.OTHER, "not_a_trailer")


def test_it_rejects_a_film_title_too_long_for_a_title():
    assert parse_title("Dune" * 35 + " Official Trailer").reason == "not_a_trailer"


def test_it_never_raises_on_arbitrary_text():
    alphabet = "aZ09 #:|-–—()[]'\"’“.,!?&*/\\\u00a0\x00\x1féÉ弟TrailerTeaserOfficial(2024)"
    rng = random.Random(20241121)

    for _ in range(2000):
        raw = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))
        assert isinstance(parse_title(raw), ParsedTitle)


def test_it_rejects_an_unknown_preset():
    with pytest.raises(ValueError, match="nope"):
        parse_title("Dune Official Trailer", preset="nope")


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_it_accepts_every_preset(preset):
    assert parse_title("Dune | Official Trailer", preset=preset).title == "Dune"


def test_it_knows_every_presets_channel_names_in_auto():
    names = {name for preset in PRESETS.values() for name in preset.channel_names}

    assert names == set(PRESETS["auto"].channel_names)


def test_it_says_a_trailer_is_a_film():
    assert parse_title("Dune Official Trailer").is_film


def test_it_says_a_teaser_is_a_film():
    assert parse_title("Dune Official Teaser").is_film


def test_it_says_a_clip_is_not_a_film():
    assert not parse_title("Dune Official Clip").is_film


@pytest.mark.parametrize(
    ("title", "display"),
    [
        ("THE WORST PERSON IN THE WORLD", "The Worst Person in the World"),
        ("SPIDER-MAN: ACROSS THE SPIDER-VERSE", "Spider-Man: Across the Spider-Verse"),
        ("MISSION: IMPOSSIBLE - THE FINAL RECKONING", "Mission: Impossible - The Final Reckoning"),
        ("I SAW THE TV GLOW", "I Saw the TV Glow"),
        ("ROCKY II", "Rocky II"),
        ("HONEY DON'T!", "Honey Don't!"),
        ("L'ARGENT", "L'Argent"),
        ("AMÉLIE", "Amélie"),
        ("LES MISÉRABLES", "Les Misérables"),
        ("AVATAR 3: FIRE AND ASH", "Avatar 3: Fire and Ash"),
        ("WHAT WE DO IN THE SHADOWS", "What We Do in the Shadows"),
        ("EMMA.", "Emma."),
        ("Y2K", "Y2K"),
        ("X", "X"),
        ("MaXXXine", "MaXXXine"),
        ("The Substance", "The Substance"),
        ("2046", "2046"),
    ],
)
def test_it_title_cases_all_caps_titles_for_display(title, display):
    assert display_case(title) == display


def test_it_gives_the_display_title_with_the_parse():
    got = parse_title("THE WORST PERSON IN THE WORLD | Official Trailer | MUBI")

    assert got.display_title == "The Worst Person in the World"
