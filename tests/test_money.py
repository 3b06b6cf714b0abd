"""Amount parsing and rounding: tables of cases and properties."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlgen.money import fmt_money, fmt_number, fmt_percent, parse_amount, rate, round_money
from xlgen.render.filters import cn_number, cn_paren, money, number, percent


@pytest.mark.parametrize(
    ("value", "expected"),
    [("15,608.00", "15608.00"), ("１５６０８", "15608"), (" 61.75 ", "61.75"), (61.75, "61.75"),
     (0.1 + 0.2, "0.3"), (15608, "15608"), ("-356.04", "-356.04"), ("", None), (None, None),
     ("1，234.5", "1234.5"), ("−5", "-5")],
)
def test_parse_amount(value, expected):
    result = parse_amount(value)
    assert result == (None if expected is None else Decimal(expected))


@pytest.mark.parametrize("value", ["约60", "61.75万", "1.2.3", "12,34", "abc", True, float("nan")])
def test_parse_amount_rejects(value):
    with pytest.raises(ValueError):
        parse_amount(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2.675", "2.68"), ("2.665", "2.67"), ("-2.675", "-2.68"), ("0.005", "0.01"),
     ("1.004", "1.00")],
)
def test_round_half_up(value, expected):
    assert round_money(Decimal(value)) == Decimal(expected)


def test_formats():
    assert fmt_money(Decimal("15608")) == "15,608.00"
    assert fmt_percent(Decimal("0.98815")) == "98.82%"
    assert fmt_percent(rate(Decimal(1), Decimal(0))) == "—"
    # as the 自评表's 0.00% cell prints it beside the report's sentence: no separator
    assert fmt_percent(Decimal("12.3456")) == "1234.56%"
    assert fmt_number(Decimal("99.50")) == "99.5"
    assert fmt_number(Decimal("20.00")) == "20"


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False))
def test_text_roundtrip(value):
    assert parse_amount(fmt_money(value)) == value


@given(st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False))
def test_rounding_is_within_half_a_cent(value):
    assert abs(round_money(value) - value) <= Decimal("0.005")


@given(st.integers(min_value=0, max_value=10**13 - 1))
def test_floats_read_as_typed(cents):
    """A two-decimal amount a clerk typed, stored by Excel as the nearest float, reads back as
    exactly what was typed (the typed text is the reference, not the implementation)."""
    typed = f"{cents // 100}.{cents % 100:02d}"
    assert parse_amount(float(typed)) == Decimal(typed)


@pytest.mark.parametrize(("value", "typed"), [
    (0.1 + 0.2, "0.3"), (1933.46, "1933.46"), (2616.61 - 0.01, "2616.6"),
    (1 / 3, "0.333333333333333"),
    (1e-7, "0.0000001"), (123456789012.34, "123456789012.34"), (1e20, "1E+20")])
def test_floats_read_to_excels_fifteen_digits(value, typed):
    assert parse_amount(value) == Decimal(typed)


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"),
                                         (21, "二十一"), (105, "一百零五"), (110, "一百一十")])
def test_cn_number(n, text):
    assert cn_number(n) == text


def test_cn_paren():
    assert cn_paren(3) == "（三）"


@pytest.mark.parametrize(("value", "money", "percent", "number"), [
    ("-0.004", "0.00", "-0.40%", "0"),  # a figure that rounds to nothing has no sign
    ("-0.00004", "0.00", "0.00%", "0"),
    ("-0.005", "-0.01", "-0.50%", "-0.01"),
    ("0.004", "0.00", "0.40%", "0"),
])
def test_no_negative_zero_is_printed(value, money, percent, number):
    d = Decimal(value)
    assert (fmt_money(d), fmt_percent(d), fmt_number(d)) == (money, percent, number)
    assert not (round_money(d).is_zero() and round_money(d).is_signed())


@pytest.mark.parametrize(("fn", "value", "expected"), [
    (money, 2.675, "2.68"), (money, 1.005, "1.01"), (percent, 0.98815, "98.82%"),
    (percent, 0.0005, "0.05%"), (number, 2.675, "2.68"), (number, 0.1 + 0.2, "0.3"),
])
def test_number_filters_read_a_float_as_excel_shows_it(fn, value, expected) -> None:
    """A float in a template (an extra column's number) is its 15 digits, as in Excel, not
    its binary expansion: 2.675 is 2.68 rounded half-up, not 2.67 (2.67499999…)."""
    assert fn(value) == expected
