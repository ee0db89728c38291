"""Every example a reader is shown — in /help and in the README's command table — works on the bundled seeds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from aiogram.methods import SendPhoto

from bot.services.sources import seed_if_empty
from bot.views.start import COMMANDS, help_text
from tests.conftest import ADMIN_ID, SEEDS, Chat

README = Path(__file__).resolve().parent.parent / "README.md"
FAILURES = ("Что-то пошло не так", "нет в архиве", "ничего не нашлось", "Такой команды нет", "Укажите", "Напишите",
            "устарела", "Подписки «")


def help_examples() -> list[str]:
    """Every command /help shows an admin, with its example words: «/quotes Дрозденко — …» -> «/quotes Дрозденко»."""
    return re.findall(r"(?<![<\w])/[a-z]+(?: [\w:+/]+)?", help_text(True))


def readme_examples() -> list[str]:
    """The «example» column of the README's command table."""
    text = README.read_text(encoding="utf-8")
    table = text.split("## Commands", 1)[1].split("\n\n", 2)[1]
    return [m.group(1) for row in table.splitlines()[2:] if (m := re.match(r"\|[^|]+\| `([^`]+)` \|", row))]


def menu_examples() -> list[str]:
    return [m.group(0) for c in COMMANDS if (m := re.search(r"/[a-z]+ \S+", c.description))]


@pytest.fixture
async def seeded(chat: Chat, services) -> Chat:
    summary = await seed_if_empty(services.ingest, str(SEEDS))
    assert summary is not None and summary.count("failed") == 0
    return chat.as_user(ADMIN_ID)


def ordered(commands: list[str]) -> list[str]:
    """Subscribe before unsubscribing; delete last, so the other examples still find their articles."""
    return sorted(dict.fromkeys(commands), key=lambda c: (c.startswith("/unsubscribe"), c.startswith("/delete")))


async def test_the_lists_of_examples_are_read() -> None:
    assert len(help_examples()) >= 16 and {"/quotes Дрозденко", "/latest 10", "/unsubscribe экология"} <= set(
        help_examples()
    )
    assert len(readme_examples()) >= 10 and len(menu_examples()) >= 3


@pytest.mark.parametrize("source", [help_examples, readme_examples, menu_examples])
async def test_every_example_answers_on_the_seeds(seeded: Chat, source) -> None:
    for command in ordered(source()):
        before = len(seeded.session.requests)
        replies = await seeded.send(command)
        photos = [r for r in seeded.session.requests[before:] if isinstance(r, SendPhoto)]
        assert replies or photos, command
        text = "\n".join([r.text for r in replies] + [p.caption or "" for p in photos])
        assert not any(failure in text for failure in FAILURES), (command, text[:300])
