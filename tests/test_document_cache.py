"""The cache of parsed documents is bounded by the characters of the texts it keeps."""

from __future__ import annotations

from graphql import parse

from schema.document_cache import DocumentCache, Prepared

TEXTS = [f"{{ a{i:02d}: me {{ id }} }}" for i in range(15)]  # 18 characters each


def filled(max_chars: int, texts: list[str]) -> DocumentCache:
    cache = DocumentCache(max_chars)
    for text in texts:
        cache.put(text, Prepared(parse(text)))
    return cache


def test_the_oldest_texts_go_when_the_characters_run_out() -> None:
    cache = filled(180, TEXTS)
    assert cache.chars == 180
    assert [text for text in TEXTS if cache.get(text) is not None] == TEXTS[-10:]


def test_a_text_used_again_stays() -> None:
    cache = filled(180, TEXTS[:10])
    assert cache.get(TEXTS[0]) is not None
    cache.put(TEXTS[10], Prepared(parse(TEXTS[10])))
    assert cache.get(TEXTS[1]) is None
    assert cache.get(TEXTS[0]) is not None


def test_a_text_larger_than_a_tenth_of_the_room_is_not_kept() -> None:
    large = "{ me { id } }" + " " * 10
    cache = filled(200, [large])
    assert cache.get(large) is None
    assert cache.chars == 0
