"""The bundled seeds through the bot: the user-facing checks of the quotes, topics and search features."""

from __future__ import annotations

import pytest

from bot.services.sources import seed_if_empty
from tests.conftest import SEEDS


@pytest.fixture
async def seeded(chat, services):
    summary = await seed_if_empty(services.ingest, str(SEEDS))
    assert summary is not None and summary.count("failed") == 0
    assert await seed_if_empty(services.ingest, str(SEEDS)) is None  # only when the archive is empty
    return chat


async def test_quotes_of_the_split_quote_and_its_continuation(seeded) -> None:
    [reply] = await seeded.send("/quotes Дьячкова")
    text = reply.text
    assert "<b>Геннадий Дьячков</b>, директор филиала" in text
    # «A, - прокомментировал Дьячков. - B» is two spans; the next quote-only paragraph continues him,
    # and the dash inside «Но мы идем дальше - это только начало» is not an attribution.
    assert "«Подстанцию мы включили в сеть на три недели раньше графика»" in text
    assert "«Это результат слаженной работы проектировщиков, строителей и диспетчеров»" in text
    assert "Но мы идем дальше - это только начало: до конца 2026 года" in text
    assert "— на площадке одновременно работали до двухсот монтажников" in text  # indirect speech
    assert "01.09.2025" in text


async def test_speakers_by_title_and_pronoun_resolve_to_the_named_person(seeded) -> None:
    [reply] = await seeded.send("/quotes Тамара Вершинина")
    text = reply.text
    assert "«сначала мощность, потом стройка»" in text  # «Глава ведомства пояснила, что …»
    assert "ни один жилой комплекс не получит разрешение" in text  # «Она подчеркнула, что …»
    assert "пресс-служб" not in text


async def test_speakers_lists_the_seed_speakers(seeded) -> None:
    [reply] = await seeded.send("/speakers")
    assert "Тамара Вершинина" in reply.text and "Геннадий Дьячков" in reply.text


async def test_topic_energy_summary_cites_the_energy_passage(seeded) -> None:
    replies = await seeded.send("/topic энергетике")
    text = "\n".join(r.text for r in replies)
    assert "энергетик" in text
    assert "[1]" in text
    assert "Во Всеволожском районе включили в сеть новую подстанцию" in text


async def test_search_finds_the_belarus_seeds_first(seeded) -> None:
    [reply] = await seeded.send("/search Беларуси")
    first_two = " ".join(reply.text.split("\n\n№")[1:3]).lower()
    assert "контейнерный поезд" in first_two  # «с Беларусью», «Белоруссии», «белорусских»
    assert "сотрудничества с беларусью" in first_two  # the user's own article
