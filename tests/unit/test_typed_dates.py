"""Dates and times typed the way a UK learner types them, read relative to a fixed today."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal_app.errors import InvalidInput
from journal_app.services.rules.typed_dates import (
    UnreadableDate,
    format_date,
    format_datetime,
    parse_typed_date,
    parse_typed_datetime,
)

TODAY = date(2026, 10, 6)  # a Tuesday
NOW = datetime(2026, 10, 6, 17, 5)


@pytest.mark.parametrize(("text", "expected"), [
    ("26/11/2026", date(2026, 11, 26)),
    ("26/11/26", date(2026, 11, 26)),
    ("26/11", date(2026, 11, 26)),
    ("1/2", date(2026, 2, 1)),
    ("01/02/2027", date(2027, 2, 1)),
    ("26-11-2026", date(2026, 11, 26)),
    ("26.11.26", date(2026, 11, 26)),
    ("26.11", date(2026, 11, 26)),
    ("2026-11-26", date(2026, 11, 26)),
    ("2026-1-5", date(2026, 1, 5)),
    ("26 Nov", date(2026, 11, 26)),
    ("26 nov 2027", date(2027, 11, 26)),
    ("26 November 2026", date(2026, 11, 26)),
    ("26th November", date(2026, 11, 26)),
    ("1st sept", date(2026, 9, 1)),
    ("Nov 26", date(2026, 11, 26)),
    ("November 26, 2026", date(2026, 11, 26)),
    ("26 nov 27", date(2027, 11, 26)),
    ("Thu 26 Nov 2026", date(2026, 11, 26)),
    ("thursday 26/11/2026", date(2026, 11, 26)),
    ("  TODAY ", TODAY),
    ("today", TODAY),
    ("tomorrow", date(2026, 10, 7)),
    ("tmrw", date(2026, 10, 7)),
    ("yesterday", date(2026, 10, 5)),
    ("+3", date(2026, 10, 9)),
    ("-2", date(2026, 10, 4)),
    ("+ 3", date(2026, 10, 9)),
    ("+0", TODAY),
    ("+3 days", date(2026, 10, 9)),
    ("+2w", date(2026, 10, 20)),
    ("-1 week", date(2026, 9, 29)),
    # A weekday alone: the next one on or after today (today is a Tuesday).
    ("tue", TODAY),
    ("Tuesday", TODAY),
    ("tues", TODAY),
    ("wed", date(2026, 10, 7)),
    ("fri", date(2026, 10, 9)),
    ("Friday", date(2026, 10, 9)),
    ("thurs", date(2026, 10, 8)),
    ("mon", date(2026, 10, 12)),
    ("sun", date(2026, 10, 11)),
    ("next tue", date(2026, 10, 13)),
    ("next fri", date(2026, 10, 9)),
    ("last tue", date(2026, 9, 29)),
    ("last fri", date(2026, 10, 2)),
    ("29/2/2028", date(2028, 2, 29)),
])
def test_a_typed_date_is_read_the_uk_way(text: str, expected: date) -> None:
    assert parse_typed_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["", "   ", "\t"])
def test_empty_text_is_no_date(text: str) -> None:
    assert parse_typed_date(text, TODAY) is None
    assert parse_typed_datetime(text, NOW) is None


@pytest.mark.parametrize(("text", "words"), [
    ("31/2/2026", "there is no 31 February 2026"),
    ("29/2/2027", "there is no 29 February 2027"),
    ("11/26/2026", "only 12 months"),
    ("0/1", "there is no 0 January 2026"),
    ("1/1/1066", "between 1900 and 2100"),
    ("Fri 26 Nov 2026", "26 Nov 2026 is a Thursday, not a Friday"),
    ("soon", "is not a date we can read"),
    ("26 Novembre", "is not a date we can read"),
    ("nov 2026", "is not a date we can read"),
    ("26", "is not a date we can read"),
    ("26/11/202", "is not a date we can read"),
    ("+99999", "is not a date we can read"),
    ("next", "is not a date we can read"),
    ("fri today", "is not a date we can read"),
])
def test_an_unreadable_date_says_why_in_one_sentence(text: str, words: str) -> None:
    with pytest.raises(UnreadableDate) as raised:
        parse_typed_date(text, TODAY)
    message = str(raised.value)
    assert words in message
    assert "\n" not in message
    assert isinstance(raised.value, InvalidInput)


def test_the_error_names_the_forms_to_type() -> None:
    with pytest.raises(UnreadableDate, match="26/11/2026"):
        parse_typed_date("whenever", TODAY)


def test_a_huge_offset_is_refused_not_crashed() -> None:
    with pytest.raises(UnreadableDate):
        parse_typed_date("+9999 weeks", date(9990, 1, 1))


@pytest.mark.parametrize(("text", "expected"), [
    ("26/11 14:30", datetime(2026, 11, 26, 14, 30)),
    ("26/11/2026 9:05", datetime(2026, 11, 26, 9, 5)),
    ("today 9am", datetime(2026, 10, 6, 9, 0)),
    ("today at 2pm", datetime(2026, 10, 6, 14, 0)),
    ("9:30am tomorrow", datetime(2026, 10, 7, 9, 30)),
    ("2pm", datetime(2026, 10, 6, 14, 0)),
    ("2 pm", datetime(2026, 10, 6, 14, 0)),
    ("2:30 p.m.", datetime(2026, 10, 6, 14, 30)),
    ("12am", datetime(2026, 10, 6, 0, 0)),
    ("12pm", datetime(2026, 10, 6, 12, 0)),
    ("14:30", datetime(2026, 10, 6, 14, 30)),
    ("at 8am", datetime(2026, 10, 6, 8, 0)),
    ("noon", datetime(2026, 10, 6, 12, 0)),
    ("yesterday midnight", datetime(2026, 10, 5, 0, 0)),
    ("fri 10:00", datetime(2026, 10, 9, 10, 0)),
    ("Thu 26 Nov 2026 14:30", datetime(2026, 11, 26, 14, 30)),
    ("2026-11-26 08:15", datetime(2026, 11, 26, 8, 15)),
    ("26.11", datetime(2026, 11, 26, 17, 5)),  # a dot makes a date, not a time
    ("now", datetime(2026, 10, 6, 17, 5)),
    ("-1", datetime(2026, 10, 5, 17, 5)),
])
def test_a_typed_moment_is_read_with_an_optional_time(text: str, expected: datetime) -> None:
    assert parse_typed_datetime(text, NOW) == expected


def test_a_date_without_a_time_keeps_the_time_it_had() -> None:
    assert parse_typed_datetime("26/11", NOW, default_time=time(9, 45)) == datetime(2026, 11, 26, 9, 45)
    assert parse_typed_datetime("26/11", NOW) == datetime(2026, 11, 26, 17, 5)


@pytest.mark.parametrize(("text", "words"), [
    ("25:00", "is not a time of day"),
    ("13pm", "is not a time of day"),
    ("today 9:75", "is not a time of day"),
    ("teatime", "is not a date and time we can read"),
    ("31/2 10:00", "there is no 31 February 2026"),
])
def test_an_unreadable_moment_says_why(text: str, words: str) -> None:
    with pytest.raises(UnreadableDate, match=words):
        parse_typed_datetime(text, NOW)


def test_dates_are_shown_back_in_a_readable_form() -> None:
    assert format_date(date(2026, 11, 26)) == "Thu 26 Nov 2026"
    assert format_datetime(datetime(2026, 11, 26, 9, 5)) == "Thu 26 Nov 2026 09:05"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_every_date_shown_reads_back_as_itself(day: date) -> None:
    assert parse_typed_date(format_date(day), TODAY) == day
    assert parse_typed_date(day.isoformat(), TODAY) == day
    assert parse_typed_date(f"{day.day}/{day.month}/{day.year}", TODAY) == day


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31, 23, 59)))
def test_every_moment_shown_reads_back_as_itself(moment: datetime) -> None:
    shown = moment.replace(second=0, microsecond=0)
    assert parse_typed_datetime(format_datetime(shown), NOW) == shown


@given(st.integers(-3000, 3000))
def test_offsets_count_days_from_today(days: int) -> None:
    text = f"+{days}" if days >= 0 else str(days)
    assert parse_typed_date(text, TODAY) == TODAY + timedelta(days=days)


@given(st.text(max_size=30))
def test_any_text_gives_a_date_none_or_a_plain_refusal(text: str) -> None:
    try:
        parse_typed_date(text, TODAY)
        parse_typed_datetime(text, NOW)
    except UnreadableDate as refused:
        assert str(refused) and "\n" not in str(refused)
