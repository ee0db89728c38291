"""Search's compact view of navec's vocabulary: sorted words, their navec ids, prefix ranges."""

from __future__ import annotations

import bisect

import pytest

from bot.news.vectors import WordVectors, news_embedding, word_vectors

WORDS = ["куба", "кубинский", "кубок", "а", "пенсия", "пенсионный", "ёлка", "кубинец"]


class ScaledIds:
    """Stands in for navec's vector codes: the similarity of two ids is their product, so a test can see which
    ids were compared."""

    def sim(self, a: int, b: int) -> float:
        return float(a * b)


@pytest.fixture
def vectors() -> WordVectors:
    return WordVectors(WORDS, ScaledIds())


def test_the_words_are_kept_in_sorted_order(vectors: WordVectors) -> None:
    assert list(vectors) == sorted(WORDS)
    assert [vectors[i] for i in range(len(vectors))] == sorted(WORDS)
    assert vectors[-1] == sorted(WORDS)[-1]
    with pytest.raises(IndexError):
        vectors[len(WORDS)]


def test_each_word_keeps_its_navec_id(vectors: WordVectors) -> None:
    for navec_id, word in enumerate(WORDS):
        assert vectors.id_of(word) == navec_id
    assert vectors.id_of("куб") is None
    assert vectors.id_of("кубинскийй") is None
    assert vectors.id_of("") is None


def test_a_prefix_gives_the_range_of_the_words_beginning_with_it(vectors: WordVectors) -> None:
    lo, hi = vectors.span("куб")
    assert [vectors[i] for i in range(lo, hi)] == ["куба", "кубинец", "кубинский", "кубок"]
    assert sorted(int(vectors.ids[i]) for i in range(lo, hi)) == [0, 1, 2, 7]
    lo, hi = vectors.span("пенс")
    assert [vectors[i] for i in range(lo, hi)] == ["пенсионный", "пенсия"]
    lo, hi = vectors.span("я")
    assert lo == hi


def test_similarity_is_asked_of_the_vectors_by_id(vectors: WordVectors) -> None:
    assert vectors.similarity(vectors.id_of("кубок"), vectors.id_of("пенсия")) == 2 * 4


def test_the_view_of_the_real_embedding_matches_navec() -> None:
    vectors = word_vectors()
    embedding = news_embedding()
    assert len(vectors) == len(embedding.vocab.words)
    for word in ("энергетика", "кубинский", "белоруссия", "<unk>"):
        assert vectors.id_of(word) == embedding.vocab.word_ids.get(word)
    lo, hi = vectors.span("пенси")
    expected = sorted(w for w in embedding.vocab.words if w.startswith("пенси"))
    assert [vectors[i] for i in range(lo, hi)] == expected
    assert bisect.bisect_left(vectors, "пенси") == lo
