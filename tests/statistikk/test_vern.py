"""The small-cell rule and the noise table, on their own."""

from __future__ import annotations

from collections import Counter

import pytest

from authz.statistikkvern import NOKKELROM, publiser, stoy


def test_the_noise_table() -> None:
    spread = Counter(stoy(key) for key in range(NOKKELROM))
    assert spread == {0: 128, -1: 51, 1: 51, -2: 13, 2: 13}
    with pytest.raises(ValueError, match="a cell key is between 0 and 255"):
        stoy(NOKKELROM)


@pytest.mark.parametrize("antall", [0, 1, 4])
def test_under_5_is_never_a_number(antall: int) -> None:
    for key in range(NOKKELROM):
        shown = publiser(antall, key)
        assert shown.verdi is None
        assert shown.tekst == "under 5"


def test_a_noisy_count_never_shows_below_5() -> None:
    assert {publiser(5, key).verdi for key in range(NOKKELROM)} == {5, 6, 7}
    assert {publiser(100, key).verdi for key in range(NOKKELROM)} == {98, 99, 100, 101, 102}
