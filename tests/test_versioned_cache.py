"""The per-archive-version cache behind /latest pages, search rankings, stories and charts."""

from __future__ import annotations

from bot.services.versioned import VersionedCache


def test_a_new_version_forgets_everything() -> None:
    cache: VersionedCache[str] = VersionedCache(4)
    assert cache.at((1, 10))
    cache.put("a", "page a", (1, 10))
    assert not cache.at((1, 10)) and cache.get("a") == "page a"
    assert cache.at((2, 11))
    assert cache.get("a") is None


def test_a_value_computed_from_an_older_version_is_not_kept() -> None:
    cache: VersionedCache[str] = VersionedCache(4)
    cache.at((1, 10))
    cache.at((2, 9))  # another request saw a deletion while the first one was computing
    cache.put("a", "from version 1", (1, 10))
    assert cache.get("a") is None and len(cache) == 0


def test_least_recently_used_goes_first() -> None:
    cache: VersionedCache[int] = VersionedCache(2)
    cache.at((1, 1))
    cache.put("a", 1, (1, 1))
    cache.put("b", 2, (1, 1))
    assert cache.get("a") == 1  # "b" is now the least recently used
    cache.put("c", 3, (1, 1))
    assert cache.get("b") is None and cache.get("a") == 1 and cache.get("c") == 3
