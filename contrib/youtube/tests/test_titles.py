import random

import pytest

from contrib.text import fold
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


def test_it_reads_a_teaser_trailer_as_a_teaser():
    assert parse_title("Bad Lieutenant: Tokyo Teaser Trailer (2026)").kind is Kind.TEASER


def test_it_reads_a_teaser_alone_as_a_teaser():
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
def test_it_drops_trailer_qualifiers_from_the_title(words):
    got = parse_title(f"Heretic {words} (2024)")

    assert (got.title, got.year, got.kind) == ("Heretic", 2024, Kind.TRAILER)


@pytest.mark.parametrize("number", ["1", "2", "#2", "# 2", "No. 2", "Two", "II"])
def test_it_drops_trailer_numbers_from_the_title(number):
    got = parse_title(f"Heretic Official Trailer {number} (2024)")

    assert (got.title, got.year) == ("Heretic", 2024)


def test_it_gives_a_qualifier_back_to_a_title_ending_in_an_article():
    got = parse_title("The International Official Trailer #1 - Clive Owen Movie (2009) HD")

    assert got.title == "The International"


def test_it_gives_a_qualifier_before_official_back_to_the_title():
    assert parse_title("Something New Official Trailer #1 (2006)").title == "Something New"


def test_it_keeps_a_number_sign_in_a_title():
    assert parse_title("Juror #2 Trailer #1 (2024)").title == "Juror #2"


def test_it_keeps_a_title_that_starts_with_a_hashtag():
    assert parse_title("#Alive | Official Trailer | Netflix").title == "#Alive"


def test_it_keeps_colons_and_dashes_in_a_title():
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
def test_it_keeps_digits_in_a_title(raw, title):
    assert parse_title(raw).title == title


def test_it_keeps_the_word_trailer_inside_a_title():
    got = parse_title("Trailer Park Boys: Countdown to Liquor Day Official Trailer #1 (2009) HD")

    assert got.title == "Trailer Park Boys: Countdown to Liquor Day"


def test_it_reads_a_title_made_of_an_article_and_trailer():
    assert parse_title("The Trailer (2019) Official Trailer").title == "The Trailer"


def test_it_normalises_typographic_dashes_quotes_and_spaces():
    got = parse_title("Don\u2019t Look Up\u00a0\u2014\u00a0Official Trailer")

    assert got.title == "Don't Look Up"


def test_it_keeps_accents():
    assert parse_title("Les Misérables Official Trailer #1 (2012)").title == "Les Misérables"


def test_it_reads_trailer_words_in_brackets():
    got = parse_title("PARASITE [Official Red Band Trailer] – In Theaters October 11")

    assert got.title == "PARASITE"


def test_it_reads_trailer_words_in_parentheses():
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
def test_it_reads_none_and_non_strings_as_empty(raw):
    got = parse_title(raw)

    assert (got.raw, got.kind, got.reason) == ("", Kind.OTHER, "empty")


@pytest.mark.parametrize("raw", ["", "   ", "\u00a0", "!!!", "| - |", "()[]"])
def test_it_reads_empty_and_punctuation_only_titles_as_empty(raw):
    assert parse_title(raw).reason == "empty"


@pytest.mark.parametrize("raw", ["[Private video]", "[Deleted video]", " [private video] "])
def test_it_rejects_unavailable_videos_as_unavailable(raw):
    assert parse_title(raw).reason == "unavailable"


def test_it_ignores_control_characters():
    got = parse_title("\x00Dune\x07 Official\tTrailer\x1b (2021)")

    assert (got.title, got.year) == ("Dune", 2021)


def test_it_rejects_a_title_longer_than_youtube_allows():
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


# --- shapes from real channels ------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("Marvel Studios' Thunderbolts* | Big Game Trailer", "Thunderbolts*"),
        ("Marvel Studios\u2019 Black Widow | Official Trailer", "Black Widow"),
        ("Marvel's The Avengers - Trailer (OFFICIAL)", "The Avengers"),
        ('Marvel\'s "Ant-Man" - Teaser Trailer', "Ant-Man"),
        ("Disney's Aladdin Official Trailer - In Theaters May 24!", "Aladdin"),
        ("Disney\u2019s Frozen II | Official Trailer", "Frozen II"),
        ("Disney and Pixar's Elio | Official Trailer", "Elio"),
        ("DreamWorks' The Wild Robot | Official Trailer 2", "The Wild Robot"),
        ("Marvel Television\u2019s Ironheart | Official Trailer | Disney+", "Ironheart"),
    ],
)
def test_it_reads_the_film_after_a_studio_possessive(raw, title):
    assert parse_title(raw).title == title


@pytest.mark.parametrize(
    ("raw", "alternative"),
    [
        ("Marvel Studios\u2019 Black Widow | Official Trailer", "Marvel Studios' Black Widow"),
        ("Marvel's The Avengers - Trailer (OFFICIAL)", "Marvel's The Avengers"),
        ('Marvel\'s "Ant-Man" - Teaser Trailer', "Marvel's Ant-Man"),
    ],
)
def test_it_keeps_the_studio_possessive_form_as_the_first_alternative(raw, alternative):
    assert parse_title(raw).alternatives[0] == alternative


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("Schindler's List Official Trailer #1 (1993)", "Schindler's List"),
        (
            "Guillermo del Toro's Pinocchio | Official Trailer | Netflix",
            "Guillermo del Toro's Pinocchio",
        ),
        ("Ocean's Eleven (2001) Official Trailer 1 - George Clooney Movie", "Ocean's Eleven"),
    ],
)
def test_it_keeps_a_possessive_that_is_not_a_studios_in_the_title(raw, title):
    got = parse_title(raw)

    assert (got.title, got.alternatives) == (title, ())


@pytest.mark.parametrize(
    "raw",
    [
        "Heretic Official 'Texas' Trailer (2024) - Hugh Grant Movie HD",
        'Heretic | Sneak Peek "Chapters" Trailer',
        "Heretic Super Bowl Trailer (2024)",
        "Heretic - Extended Super Bowl Trailer (2024)",
        "Heretic Big Game Trailer (2024)",
        "Heretic Ultimate Trailer (2024)",
        "Heretic Ultimate Missionary Trailer (2024)",
        "Heretic Extended Trailer (2024)",
        "Heretic Official US Release Trailer #1 (2024)",
        "Heretic Official DVD Release Trailer #1 (2024)",
        "Heretic - Full US Trailer",
        "Heretic Official Domestic Trailer",
        "Heretic - Movie Trailer (2024) HD",
        "Heretic (2024) - Official Movie Trailer (HD)",
        "Heretic - Trailer (OFFICIAL)",
        "Heretic (OFFICIAL) Trailer",
        "Heretic 3D - Official Trailer",
        "Heretic (2024) Official Exclusive 1080p HD Trailer",
        "Heretic Official Extended 6 Min Trailer (2024)",
        "Heretic Special Look Trailer (2024)",
        "Heretic - Sundance 2024 Teaser",
        "Heretic - New Official Trailer | Hugh Grant | 8th November 2024",
        "Heretic Official Red Bad Trailer - Teaser (2024)",
    ],
)
def test_it_drops_named_and_qualified_trailer_words(raw):
    assert parse_title(raw).title == "Heretic"


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("Bee Movie Trailer", "Bee Movie"),
        ("The LEGO Movie Extended Main Trailer (2014)", "The LEGO Movie"),
        ("Us Trailer #1 (2019)", "Us"),
        ("Us | Official Trailer [HD] | Universal Pictures", "Us"),
        ("Something New Official Trailer #1 (2006)", "Something New"),
        ("The Ultimate Gift Trailer (2006)", "The Ultimate Gift"),
    ],
)
def test_it_gives_a_risky_trailer_word_back_to_the_title(raw, title):
    assert parse_title(raw).title == title


def test_it_reads_a_risky_word_after_a_colon_as_the_titles_subtitle():
    got = parse_title("Men in Black: International Trailer #1 (2019) | Movieclips Trailers")

    assert (got.title, got.alternatives) == ("Men in Black: International", ("Men in Black",))


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("Official Secrets Official Trailer (2019)", "Official Secrets"),
        ("Official Competition | Official Trailer", "Official Competition"),
        ("Official Competition Trailer", "Official Competition"),
    ],
)
def test_it_keeps_official_that_begins_a_title(raw, title):
    assert parse_title(raw).title == title


@pytest.mark.parametrize(
    "raw",
    [
        "Cinderella Official Trailer Sneak Peek #1 (2015) - Lily James Disney Movie HD",
        "Cinderella Official Trailer #2 Sneak Peek (2015)",
        "Cinderella - Trailer Sneak Peek",
        "CINDERELLA | Sneak Peek Trailer",
    ],
)
def test_it_reads_a_trailer_sneak_peek_as_a_trailer(raw):
    got = parse_title(raw)

    assert (fold(got.title), got.kind) == ("cinderella", Kind.TRAILER)


@pytest.mark.parametrize(
    "raw",
    ["Cinderella | Sneak Peek", "Sneak Peek | Cinderella", "Cinderella Sneak Peek (2015)"],
)
def test_it_rejects_a_bare_sneak_peek_as_a_clip(raw):
    assert parse_title(raw).reason == "clip"


@pytest.mark.parametrize(
    "raw",
    [
        "Barry l Official Trailer [HD] l Netflix",
        "Barry I Official Trailer I HD I Netflix",
        "Barry – Official Trailer I HD",
        "Barry -- Official Trailer",
        "Barry\u2014Official Trailer",
        "Barry \u2014 Official Trailer",
        "Barry : Official Trailer",
    ],
)
def test_it_reads_separators_written_as_letters_dashes_and_colons(raw):
    assert parse_title(raw).title == "Barry"


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("If I Stay Official Trailer #1 (2014) - Chloë Grace Moretz Movie HD", "If I Stay"),
        ("Kill Bill: Vol. I Trailer", "Kill Bill: Vol. I"),
        ("What If I Told You l Official Trailer l Netflix", "What If I Told You"),
    ],
)
def test_it_keeps_a_capital_i_that_is_a_word(raw, title):
    assert parse_title(raw).title == title


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("Official Trailer | Death on the Nile | 20th Century Studios", "Death on the Nile"),
        ("Teaser Trailer | Nope | Universal Pictures", "Nope"),
        ("TRAILER | Anatomy of a Fall | NEON", "Anatomy of a Fall"),
        ("Official Trailer -- Amélie", "Amélie"),
        ("Official Trailer : Past Lives", "Past Lives"),
        ("Official Trailer - Past Lives - A24", "Past Lives"),
        ("MUBI | Official Trailer | Past Lives", "Past Lives"),
    ],
)
def test_it_reads_the_title_after_trailer_words_that_come_first(raw, title):
    assert parse_title(raw).title == title


def test_it_reads_the_year_of_a_title_after_trailer_words_that_come_first():
    assert parse_title("Official Trailer | Death on the Nile (2022) | 20th Century").year == 2022


@pytest.mark.parametrize(
    "raw",
    ["Official Trailer | Disney+", "Official Trailer | 20th Century Studios", "Trailer | HD"],
)
def test_it_rejects_trailer_words_followed_by_a_studio_alone(raw):
    assert parse_title(raw).reason == "not_a_trailer"


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        (
            "The King - Timothée Chalamet, Robert Pattinson | Final Trailer | Netflix Film",
            "The King",
        ),
        ("The Fabelmans - Michelle Williams & Paul Dano | Official Trailer", "The Fabelmans"),
        ("Saltburn | Barry Keoghan, Jacob Elordi | Official Trailer", "Saltburn"),
        ("The Spy \u2013 starring Sacha Baron Cohen | Official Trailer | Netflix", "The Spy"),
        ("Barbie | July 21 | Main Trailer", "Barbie"),
        ("Oppenheimer | 21 July 2023 | Official Trailer", "Oppenheimer"),
        ("Mardaani 3 | Official Trailer | Rani Mukerji | Releasing 30 Jan 2026", "Mardaani 3"),
        ("In Theaters Now | Heretic | Official Trailer", "Heretic"),
    ],
)
def test_it_drops_actor_and_date_segments_around_the_title(raw, title):
    assert parse_title(raw).title == title


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("Showing Up | Official Trailer HD | A24", "Showing Up"),
        ("Coming Home | Official Trailer", "Coming Home"),
        ("May December | Official Trailer | Netflix", "May December"),
    ],
)
def test_it_keeps_a_title_that_begins_like_a_release_date(raw, title):
    assert parse_title(raw).title == title


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        (
            "Mission: Impossible - Dead Reckoning Part One | Official Trailer",
            "Mission: Impossible - Dead Reckoning Part One",
        ),
        (
            "John Wick: Chapter 3 - Parabellum Trailer #2 (2019)",
            "John Wick: Chapter 3 - Parabellum",
        ),
        ("Shakespeare in Love - Romeo & Juliet Trailer", "Shakespeare in Love - Romeo & Juliet"),
        ("Love, Death & Robots | Official Trailer | Netflix", "Love, Death & Robots"),
    ],
)
def test_it_keeps_a_subtitle_that_is_not_a_list_of_names(raw, title):
    assert parse_title(raw).title == title


@pytest.mark.parametrize(
    ("raw", "title", "alternative"),
    [
        (
            "The Incident aka Asylum Blackout Official Teaser (2011)",
            "The Incident",
            "Asylum Blackout",
        ),
        ("Le Samouraï AKA The Godson Trailer", "Le Samouraï", "The Godson"),
        ("Three Colors: Blue (a.k.a. Bleu) Trailer", "Three Colors: Blue", "Bleu"),
    ],
)
def test_it_reads_the_first_of_aka_titles_and_keeps_the_other_as_an_alternative(
    raw, title, alternative
):
    got = parse_title(raw)

    assert (got.title, got.alternatives) == (title, (alternative,))


def test_it_drops_a_the_movie_suffix_and_keeps_the_full_form_as_an_alternative():
    got = parse_title("Bohemian Rhapsody - The Movie: Official Trailer")

    assert (got.title, got.alternatives) == (
        "Bohemian Rhapsody",
        ("Bohemian Rhapsody - The Movie",),
    )


@pytest.mark.parametrize(
    "title", ["Jackass: The Movie", "The Simpsons Movie", "Matchbox The Movie", "Bee Movie"]
)
def test_it_keeps_the_movie_that_is_part_of_a_title(title):
    assert parse_title(f"{title} Official Trailer").title == title


def test_it_drops_a_3d_suffix_and_keeps_the_full_form_as_an_alternative():
    got = parse_title("GHOST RIDER: SPIRIT OF VENGEANCE 3D - Official Trailer")

    assert (got.title, got.alternatives) == (
        "GHOST RIDER: SPIRIT OF VENGEANCE",
        ("GHOST RIDER: SPIRIT OF VENGEANCE 3D",),
    )


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("The Witch Official Re-Release Trailer (2016) - Anya Taylor-Joy Horror HD", "The Witch"),
        ("Jaws 50th Anniversary Trailer (2025)", "Jaws"),
        ("Jaws (1975) 50th Anniversary | Official Trailer", "Jaws"),
        (
            "Schindler's List 25th Anniversary - Official Trailer - In Theaters December 7",
            "Schindler's List",
        ),
        ("Lawrence of Arabia 4K Restoration Trailer (2020)", "Lawrence of Arabia"),
        ("IN THE MOOD FOR LOVE | Restoration Trailer (2020) | MUBI", "IN THE MOOD FOR LOVE"),
        ("Interstellar - IMAX Re-Release Trailer (2024)", "Interstellar"),
        ("The Dark Knight IMAX Trailer (2012)", "The Dark Knight"),
        ("Blade | 4K Trailer (2023) | Warner Bros. Entertainment", "Blade"),
        ("The Matrix 4K Ultra HD Blu-ray Trailer (2018)", "The Matrix"),
        ("Avatar: Special Edition Re-release Trailer (2010)", "Avatar"),
        ("Blade Runner: The Final Cut Trailer (2007)", "Blade Runner"),
        ("Alien Director's Cut Trailer (2003)", "Alien"),
        ("25th Anniversary: Toy Story Trailer (2020)", "Toy Story"),
    ],
)
def test_it_reads_a_re_release_trailer_without_the_re_releases_year(raw, title):
    got = parse_title(raw)

    assert (got.title, got.year, got.rerelease) == (title, None, True)


@pytest.mark.parametrize(
    "raw", ["Heretic Official Trailer (2024)", "Heretic | Official Trailer 4K (2024)"]
)
def test_it_reads_a_new_films_trailer_as_no_re_release(raw):
    got = parse_title(raw)

    assert (got.year, got.rerelease) == (2024, False)


def test_it_drops_a_decade_edit_prefix():
    got = parse_title("\u201880s Edit: Beverly Hills Cop: Axel F Trailer | Netflix")

    assert got.title == "Beverly Hills Cop: Axel F"


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("Godzilla Minus One - Tráiler Oficial", "Godzilla Minus One"),
        ("La sociedad de la nieve | Tráiler oficial | Netflix", "La sociedad de la nieve"),
        ("Oppenheimer TRÁILER OFICIAL #2 (2023)", "Oppenheimer"),
        ("Anatomie d'une chute - Bande-annonce VF", "Anatomie d'une chute"),
        ("Perfect Days - Bande Annonce Officielle VOST", "Perfect Days"),
        ("Django Unchained - Trailer italiano in HD", "Django Unchained"),
        ("Im Westen nichts Neues | Offizieller Trailer | Netflix", "Im Westen nichts Neues"),
        ("Das Lehrerzimmer Trailer German Deutsch (2023)", "Das Lehrerzimmer"),
        ("Чебурашка — Русский трейлер (2023)", "Чебурашка"),
        ("Chłopi - zwiastun PL", "Chłopi"),
        ("Kış Uykusu Türkçe Altyazılı Fragman", "Kış Uykusu"),
        ("기생충 메인 예고편", "기생충"),
        ("영화 [파묘] 공식 예고편", "파묘"),
        ("映画『怪物』本予告【2023年6月2日公開】", "怪物"),
        ("【公式】『ゴジラ-1.0』予告編", "ゴジラ-1.0"),
        ("流浪地球2 官方预告", "流浪地球2"),
    ],
)
def test_it_reads_trailer_words_in_other_languages(raw, title):
    got = parse_title(raw)

    assert (got.title, got.kind) == (title, Kind.TRAILER)


@pytest.mark.parametrize("raw", ["파묘 티저 예고편", "『怪物』特報", "Чебурашка — тизер"])
def test_it_reads_teaser_words_in_other_languages_as_teasers(raw):
    assert parse_title(raw).kind is Kind.TEASER


def test_it_gives_no_alternatives_for_a_plain_title():
    assert parse_title("Past Lives | Official Trailer HD | A24").alternatives == ()


@pytest.mark.parametrize(
    "raw",
    [
        "Vincenzo | Official Trailer | Netflix",
        "Official Trailer | The Falcon and the Winter Soldier | Disney+",
    ],
)
def test_it_leaves_a_series_without_a_marker_to_tmdb_as_a_film(raw):
    assert parse_title(raw).is_film


@pytest.mark.parametrize(
    "raw",
    [
        "Dark Season 3 | Official Trailer | Netflix",
        "Adolescence | Limited Series Trailer | Netflix",
        "The Curse | Official Series Trailer | A24",
        "Runaways - Episode 4 Teaser",
        "Reservation Dogs S01 E05 Clip | Rotten Tomatoes TV",
        "Sen Çal Kapımı 33. Bölüm 1. Fragmanı",
        "GLOW Official Trailer (2017) Alison Brie Netflix New TV Series HD",
    ],
)
def test_it_rejects_a_trailer_that_says_it_is_a_series(raw):
    assert parse_title(raw).reason == "tv_series"


def test_it_reads_a_film_series_named_after_the_trailer_words_as_a_film():
    got = parse_title("Insurgent Official Super Bowl Trailer (2015) - Divergent Series Movie HD")

    assert (got.title, got.year) == ("Insurgent", 2015)


@pytest.mark.parametrize(
    "raw",
    [
        "Barbie Ultimate Dreamhouse Trailer (2023) - Movieclips Original Parody Movie HD",
        "Oppenheimer Trailer Parody",
        "Barbie Spoof Trailer",
    ],
)
def test_it_rejects_a_parody(raw):
    assert parse_title(raw).reason == "not_a_trailer"


@pytest.mark.parametrize(
    "raw",
    [
        "Harbor Lights | Trailer Tomorrow",
        "Harbor Lights | Official Trailer Drops Monday",
        "Harbor Lights | Official Trailer Coming Tomorrow",
        "Harbor Lights | Trailer Preview",
        "Harbor Lights | Trailer Countdown",
        "Harbor Lights | Trailer Announcement",
        "Harbor Lights - Trailer Teaser",
        "Harbor Lights | Teaser for the Trailer",
    ],
)
def test_it_rejects_a_video_announcing_the_trailer(raw):
    got = parse_title(raw)

    assert (got.kind, got.reason) == (Kind.OTHER, "announcement")


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("Harbor Lights - Teaser Trailer", Kind.TEASER),
        ("Harbor Lights | Official Trailer | Coming Soon", Kind.TRAILER),
        ("Harbor Lights | Release Date Announcement Trailer", Kind.TRAILER),
    ],
)
def test_it_keeps_a_trailer_whose_words_only_look_like_an_announcement(raw, kind):
    got = parse_title(raw)

    assert (got.title, got.kind) == ("Harbor Lights", kind)


@pytest.mark.parametrize(
    "raw",
    [
        "Harbor Lights | Official Trailer | Coming Soon to Theaters",
        "Harbor Lights | Official Trailer | Coming Soon On Netflix",
    ],
)
def test_it_keeps_a_trailer_coming_soon_to_theaters(raw):
    assert (parse_title(raw).title, parse_title(raw).kind) == ("Harbor Lights", Kind.TRAILER)


def test_it_rejects_a_coming_soon_list_without_a_trailer_word():
    assert parse_title("Coming Soon to MUBI | December 2024").reason == "compilation"


@pytest.mark.parametrize(
    "raw",
    [
        "Harbor Lights | Final Trailer & Tickets Now On Sale",
        "Harbor Lights | Official Trailer + Tickets On Sale Now",
        "Harbor Lights - Official Trailer & Poster",
        "Harbor Lights | Trailer & Release Date Revealed",
    ],
)
def test_it_keeps_a_trailer_listed_with_its_tickets_or_poster(raw):
    assert (parse_title(raw).title, parse_title(raw).kind) == ("Harbor Lights", Kind.TRAILER)


def test_it_still_rejects_a_trailer_listed_in_a_news_round_up():
    assert parse_title("Harbor Lights Trailer, Dune 3 Casting & More").reason == "compilation"


@pytest.mark.parametrize(
    "raw",
    [
        "Harbor Lights (Official Trailer) | Ahaan Panday, Aneet Padda | Mohit Suri | T-Series",
        "Harbor Lights | Official Trailer | Score by Hans Zimmer",
        "Harbor Lights | Official Trailer | In Cinemas Now | Score: 98% on Rotten Tomatoes",
        "Harbor Lights - Official Trailer | Panel Exclusive | SDCC 2025",
        "Harbor Lights | Official Trailer | Lionsgate Movies & Series",
        "Harbor Lights | Official Trailer | Based on the Book Series",
        "Harbor Lights - Official Trailer - From the Director of Scenes from a Marriage",
        "Harbor Lights | Official Trailer | Critics' Reviews Are In",
    ],
)
def test_it_keeps_a_trailer_whose_label_or_tagline_holds_a_weak_word(raw):
    assert (parse_title(raw).title, parse_title(raw).kind) == ("Harbor Lights", Kind.TRAILER)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("Harbor Lights | Official Trailer | Cast Panel", "interview"),
        ("Harbor Lights - Official Trailer | Interview with the Director", "interview"),
        ("Harbor Lights Trailer Reactions", "review"),
        ("Harbor Lights | Official Trailer | New Episodes Fridays", "tv_series"),
        ("Harbor Lights | Official Trailer | Prime Video Series", "tv_series"),
        ("Harbor Lights | Official Trailer | Original Score", "soundtrack"),
    ],
)
def test_it_rejects_a_weak_word_heading_or_ending_a_short_segment(raw, reason):
    assert parse_title(raw).reason == reason


@pytest.mark.parametrize(
    "raw",
    [
        "Harbor Lights – Staffel 2 | Offizieller Trailer | Netflix",
        "Harbor Lights | Saison 1 - Bande-annonce officielle VF",
        "Harbor Lights | Temporada 2 | Tráiler oficial",
        "Harbor Lights | Temporada final | Tráiler oficial",
        "Harbor Lights | 2ª Temporada | Trailer oficial",
        "Harbor Lights - Stagione 3 - Trailer ufficiale",
        "Harbor Lights 2. Sezon Fragman",
        "Harbor Lights Сезон 2 трейлер",
        "'바닷가 불빛' 시즌 2 공식 예고편",
        "《海边的灯光》第二季 官方预告",
        "HARBOR LIGHTS Serie Trailer German Deutsch (2025)",
        "Harbor Lights | Série | Bande-annonce officielle | Netflix France",
        "HARBOR LIGHTS Trailer Deutsch (2025) Prime Video Serie",
        "Harbor Lights Series 3 Trailer | BBC",
        "Harbor Lights: The Series | Official Trailer",
        "Harbor Lights (Series) | Official Trailer",
        "Harbor Lights 1x05 Trailer",
        "Harbor Lights | Ep. 3 Trailer",
        "Harbor Lights Seasons 1-3 Trailer",
        "Harbor Lights Official Trailer | Rotten Tomatoes TV",
    ],
)
def test_it_rejects_a_series_marked_in_other_languages_and_uk_forms(raw):
    assert parse_title(raw).reason == "tv_series"


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("Série noire | Bande-annonce", "Série noire"),
        ("Series 7: The Harbor | Official Trailer", "Series 7: The Harbor"),
        ("10x10 Official Trailer", "10x10"),
    ],
)
def test_it_keeps_a_film_whose_title_looks_like_a_series_marker(raw, title):
    assert (parse_title(raw).title, parse_title(raw).kind) == (title, Kind.TRAILER)


@pytest.mark.parametrize(
    "raw",
    [
        "Harbor Lights | Back on the Big Screen | Official Trailer (2025)",
        "Harbor Lights - Returns to Theaters | Trailer (2025)",
        "Harbor Lights - Fathom Events Trailer (2025)",
        "Harbor Lights - Re-Issue Trailer (2025)",
        "Harbor Lights - Reissue Trailer (2025)",
        "Harbor Lights Trailer (2025) - 30 Years Later",
        "Harbor Lights | Celebrating 30 Years | Official Trailer (2025)",
        "Harbor Lights - Newly Restored Trailer (2025)",
        "Harbor Lights | Criterion Collection Trailer (2025)",
    ],
)
def test_it_reads_more_re_release_phrases_without_the_re_releases_year(raw):
    got = parse_title(raw)

    assert (got.title, got.year, got.rerelease) == ("Harbor Lights", None, True)


@pytest.mark.parametrize(
    "raw", ["30 Years Later Teaser Trailer (2025)", "Official Trailer | 30 Years Later | Sony"]
)
def test_it_reads_years_later_in_the_title_as_the_films(raw):
    got = parse_title(raw)

    assert (got.title, got.rerelease) == ("30 Years Later", False)


@pytest.mark.parametrize(
    "raw",
    [
        "Harbor Lights - Official Trailer (Fan Made)",
        "HARBOR LIGHTS – First Trailer (2025) Ryan Gosling | AI Concept",
        "HARBOR LIGHTS - Teaser Trailer (2025) | Concept Version",
        "Harbor Lights Trailer Recreated in LEGO",
        "Harbor Lights Trailer but it's a Comedy",
        "Harbor Lights Official Trailer (Recut)",
        "Harbor Lights Trailer Mashup",
        "Harbor Lights 2 (2025) vs Harbor Lights (1995) Trailer",
    ],
)
def test_it_rejects_a_fans_or_makers_version_of_a_trailer(raw):
    assert parse_title(raw).reason == "not_a_trailer"


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("Harbor vs. Lights (2003) Trailer", "Harbor vs. Lights"),
        ("Official Trailer | The LEGO Harbor Movie", "The LEGO Harbor Movie"),
    ],
)
def test_it_keeps_a_trailer_whose_title_has_vs_or_lego(raw, title):
    assert (parse_title(raw).title, parse_title(raw).kind) == (title, Kind.TRAILER)


@pytest.mark.parametrize(
    "raw",
    [
        "Harbor Lights (Movie 2025) - Official Trailer",
        "Harbor Lights (2025 Remake) - Official Trailer",
        "Harbor Lights (NEW 2025) - Official Trailer",
        "Harbor Lights (2025 Horror Movie) - Official Trailer",
        "Harbor Lights | Official Trailer (2025 Netflix Movie)",
        "Harbor Lights (Film, 2025) - Official Trailer",
    ],
)
def test_it_reads_a_bracketed_year_written_with_words(raw):
    got = parse_title(raw)

    assert (got.title, got.year) == ("Harbor Lights", 2025)


@pytest.mark.parametrize(
    "raw",
    [
        "Harbor Lights (Sundance 2025) - Official Trailer",
        "Harbor Lights | Official Trailer (Sundance 2025)",
    ],
)
def test_it_drops_a_bracketed_festival_without_taking_its_year(raw):
    got = parse_title(raw)

    assert (got.title, got.year) == ("Harbor Lights", None)


@pytest.mark.parametrize(
    "raw",
    [
        "Stellar Drift - Official Trailer | Xbox Series X|S",
        "Stellar Drift Official Trailer (2025) PS5 / Xbox / PC",
        "Stellar Drift - Official Trailer | Nintendo Direct 2025",
        "Stellar Drift - Official Announce Trailer | State of Play",
        "Stellar Drift - Official Multiplayer Trailer",
    ],
)
def test_it_rejects_a_video_games_trailer_by_its_console_or_showcase(raw):
    assert parse_title(raw).reason == "video_game"


@pytest.mark.parametrize(
    ("raw", "title", "year"),
    [
        # "New", "last", "first", "second", "official" in other languages.
        ("Le Dernier Matin - Nouvelle bande-annonce VF", "Le Dernier Matin", None),
        ("Le Dernier Matin - Dernière bande-annonce VF", "Le Dernier Matin", None),
        ("LE DERNIER MATIN Première Bande Annonce VF (2025)", "LE DERNIER MATIN", 2025),
        ("L'ultima alba - Nuovo Trailer Ufficiale", "L'ultima alba", None),
        ("L'ultima alba - Primo trailer", "L'ultima alba", None),
        ("L'ultima alba - Secondo trailer ufficiale", "L'ultima alba", None),
        ("O Último Amanhecer - Novo Trailer Oficial", "O Último Amanhecer", None),
        ("El Último Amanecer - Segundo tráiler oficial", "El Último Amanecer", None),
        ("DER LETZTE MORGEN Zweiter Trailer Deutsch (2025)", "DER LETZTE MORGEN", 2025),
        ("Ostatni poranek - Oficjalny zwiastun", "Ostatni poranek", None),
        ("De Laatste Ochtend - Officiële Trailer", "De Laatste Ochtend", None),
        ("Den sista morgonen - Officiell trailer", "Den sista morgonen", None),
        # Where the trailer is shown, in which language.
        ("Harbor Lights - Australian Trailer", "Harbor Lights", None),
        ("Harbor Lights - Canadian Trailer", "Harbor Lights", None),
        ("Harbor Lights - Brazilian Trailer", "Harbor Lights", None),
        ("Harbor Lights Mexican Trailer (2025)", "Harbor Lights", 2025),
        ("Harbor Lights - Indian Trailer", "Harbor Lights", None),
        ("Pyaar Ki Raahein Tamil Trailer | Anil Verma", "Pyaar Ki Raahein", None),
        ("Pyaar Ki Raahein Telugu Trailer", "Pyaar Ki Raahein", None),
        ("Pyaar Ki Raahein - Malayalam Trailer", "Pyaar Ki Raahein", None),
        ("Pyaar Ki Raahein Kannada Trailer", "Pyaar Ki Raahein", None),
        ("Pyaar Ki Raahein Hindi Dubbed Trailer", "Pyaar Ki Raahein", None),
        ("Harbor Lights - Mandarin Trailer", "Harbor Lights", None),
        # What kind of trailer, and which format.
        ("Harbor Lights (1982) - Original Trailer", "Harbor Lights", 1982),
        ("Harbor Lights - Vintage Trailer", "Harbor Lights", None),
        ("Harbor Lights - Payoff Trailer", "Harbor Lights", None),
        ("Harbor Lights - Story Trailer", "Harbor Lights", None),
        ("Harbor Lights - Redband Trailer", "Harbor Lights", None),
        ("Harbor Lights - Unrated Trailer", "Harbor Lights", None),
        ("Harbor Lights - Uncensored Trailer", "Harbor Lights", None),
        ("Harbor Lights - NSFW Trailer", "Harbor Lights", None),
        ("Harbor Lights - 4DX Trailer", "Harbor Lights", None),
        ("Harbor Lights - ScreenX Trailer", "Harbor Lights", None),
        ("Harbor Lights - Dolby Cinema Trailer", "Harbor Lights", None),
        # An outlet's exclusive.
        ("Harbor Lights - Fandango Exclusive Trailer", "Harbor Lights", None),
        ("Harbor Lights | IGN Exclusive Trailer", "Harbor Lights", None),
        ("Harbor Lights - Yahoo Exclusive Trailer (2025)", "Harbor Lights", 2025),
        ("Harbor Lights | Entertainment Weekly Exclusive Trailer", "Harbor Lights", None),
    ],
)
def test_it_takes_more_qualifiers_before_the_trailer_word_as_the_trailers(raw, title, year):
    got = parse_title(raw)

    assert (got.kind, got.title, got.year) == (Kind.TRAILER, title, year)


@pytest.mark.parametrize(
    ("raw", "alternative"),
    [
        ("Pyaar Ki Raahein Tamil Trailer", "Pyaar Ki Raahein Tamil"),
        ("Harbor Lights Original Trailer", "Harbor Lights Original"),
    ],
)
def test_it_keeps_the_title_with_a_qualifier_that_may_end_one_as_an_alternative(raw, alternative):
    assert alternative in parse_title(raw).alternatives


@pytest.mark.parametrize(
    ("raw", "title", "alternatives"),
    [
        ("Toy Story Trailer", "Toy Story", ()),
        ("Marriage Story | Official Trailer | Netflix", "Marriage Story", ()),
        ("The Big Short Trailer", "The Big Short", ()),
        ("The Mexican Trailer (2001)", "The Mexican", ()),
        ("The Original Trailer", "The Original", ()),
        (
            "Mission: Impossible - Fallout (2018) - Official Trailer",
            "Mission: Impossible - Fallout",
            (),
        ),
        ("Star Wars: The Last Jedi Official Teaser", "Star Wars: The Last Jedi", ()),
        ("Men in Black: International Trailer", "Men in Black: International", ("Men in Black",)),
        # After a colon, the words before "Exclusive" are a subtitle.
        ("Nightfall: Rogue Exclusive Trailer (2014)", "Nightfall: Rogue", ()),
    ],
)
def test_it_leaves_titles_ending_in_a_qualifier_like_word_whole(raw, title, alternatives):
    got = parse_title(raw)

    assert (got.title, got.alternatives) == (title, alternatives)


@pytest.mark.parametrize(
    ("raw", "title", "alternative"),
    [
        (
            "Focus Features presents HARBOR LIGHTS | Official Trailer",
            "HARBOR LIGHTS",
            "Focus Features presents HARBOR LIGHTS",
        ),
        (
            "A24 presents: HARBOR LIGHTS | Official Trailer",
            "HARBOR LIGHTS",
            "A24 presents: HARBOR LIGHTS",
        ),
        (
            "Sony Pictures Classics presents Harbor Lights - Official Trailer",
            "Harbor Lights",
            "Sony Pictures Classics presents Harbor Lights",
        ),
        (
            "Anna Kowal's HARBOR LIGHTS | Official Trailer | MUBI",
            "HARBOR LIGHTS",
            "Anna Kowal's HARBOR LIGHTS",
        ),
        (
            "Jean van Dupont's THE PALE HOUR | Trailer",
            "THE PALE HOUR",
            "Jean van Dupont's THE PALE HOUR",
        ),
    ],
)
def test_it_drops_a_presenters_credit_keeping_the_full_form_as_an_alternative(
    raw, title, alternative
):
    got = parse_title(raw)

    assert (got.kind, got.title, got.alternatives[0]) == (Kind.TRAILER, title, alternative)


@pytest.mark.parametrize(
    ("raw", "title", "year"),
    [
        ("A Film by Anna Kowal | HARBOR LIGHTS | Official Trailer", "HARBOR LIGHTS", None),
        ("Directed by Anna Kowal | Harbor Lights | Trailer", "Harbor Lights", None),
        ("HARBOR LIGHTS - a film by Anna Kowal | Official Trailer", "HARBOR LIGHTS", None),
        ("HARBOR LIGHTS (dir. Anna Kowal) | Official Trailer", "HARBOR LIGHTS", None),
        ("Harbor Lights (Jean Dupont, 1962) - Official Trailer", "Harbor Lights", 1962),
        ("Harbor Lights (1962, dir. Jean Dupont) - Trailer", "Harbor Lights", 1962),
    ],
)
def test_it_drops_a_directors_credit_around_the_title(raw, title, year):
    got = parse_title(raw)

    assert (got.kind, got.title, got.year) == (Kind.TRAILER, title, year)


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        # A possessive written in the title's case may be the title's.
        (
            "Guillermo del Toro's Pinocchio | Official Trailer | Netflix",
            "Guillermo del Toro's Pinocchio",
        ),
        ("Ferris Bueller's Day Off Official Trailer #1 (1986)", "Ferris Bueller's Day Off"),
        ("The Devil's ADVOCATE Trailer", "The Devil's ADVOCATE"),
        ("SCHINDLER'S LIST Trailer", "SCHINDLER'S LIST"),
        # "A Film by" inside the title's segment is the title's.
        (
            "Homecoming: A Film By Beyoncé | Official Trailer | Netflix",
            "Homecoming: A Film By Beyoncé",
        ),
        # "by" inside a title credits no one.
        ("Stand by Me (1986) Official Trailer", "Stand by Me"),
    ],
)
def test_it_leaves_titles_that_look_like_credits_whole(raw, title):
    assert parse_title(raw).title == title
