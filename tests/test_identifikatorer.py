"""DUF-nummer check digits, personnummer validation and name folding."""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from demodata.ids import personnummer
from models.folding import fold
from models.identifikatorer import (
    duf_check,
    duf_nr,
    duf_nr_is_valid,
    is_d_nummer,
    personnummer_is_valid,
)


def test_duf_check_digits_follow_the_weighted_mod_11_rule() -> None:
    # 2018 345220: 2*4+0*6+1*3+8*2+3*4+4*6+5*3+2*2+2*7+0*5 = 96; 96 mod 11 = 8
    assert duf_check("2018345220") == "08"
    assert duf_nr(2018, 345220) == "201834522008"
    assert duf_nr_is_valid("201834522008")


def test_the_user_guides_example_number_fails_the_check() -> None:
    assert not duf_nr_is_valid("201803452201")


@pytest.mark.parametrize("value", ["", "20180345220", "2018034522011", "20180345220a"])
def test_malformed_duf_numbers_are_invalid(value: str) -> None:
    assert not duf_nr_is_valid(value)


@given(st.integers(2000, 2030), st.integers(0, 999_999))
def test_every_generated_duf_number_is_valid_and_a_changed_digit_is_caught(
    year: int, serial: int
) -> None:
    number = duf_nr(year, serial)
    assert duf_nr_is_valid(number)
    changed = number[:3] + str((int(number[3]) + 1) % 10) + number[4:]
    assert not duf_nr_is_valid(changed)


@given(st.dates(date(1940, 1, 1), date(2026, 11, 1)), st.booleans(), st.integers(0, 2**32))
def test_generated_personnummer_are_valid(birth: date, d_nummer: bool, seed: int) -> None:
    number = personnummer(birth, random.Random(seed), d_nummer=d_nummer)
    assert personnummer_is_valid(number)
    assert is_d_nummer(number) == d_nummer
    assert number[2:4] == f"{birth.month:02d}"


def test_known_invalid_personnummer_are_refused() -> None:
    assert not personnummer_is_valid("17059006818")
    assert not personnummer_is_valid("1705900681")


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Şahin Öztürk", "sahin ozturk"),
        ("İbrahim Gülşen", "ibrahim gulsen"),
        ("Bjørn Løvås-Sæther", "bjorn lovas saether"),
        ("  Grâce   AIMÉE ", "grace aimee"),
    ],
)
def test_names_fold_to_lower_case_ascii(raw: str, folded: str) -> None:
    assert fold(raw) == folded
