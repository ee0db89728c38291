"""The user's own article (seeds/000_…): every statement of its governor, through the extractor and the bot."""

from __future__ import annotations

from bot.news.article import parse
from bot.news.quotes import extract_quotes
from tests.conftest import SEEDS, add_articles

USERS_ARTICLE = SEEDS / "000_557d75f3d41e43d6.txt"


def test_all_five_statements_of_the_governor_are_his() -> None:
    [article] = parse(USERS_ARTICLE.read_bytes())
    quotes = extract_quotes(article.body)
    assert [q.speaker for q in quotes] == ["Александр Дрозденко"] * 5
    assert [q.kind for q in quotes] == ["indirect", "direct", "direct", "direct", "direct"]
    assert [q.rule for q in quotes] == ["that_clause", "split", "split", "continuation", "continuation"]
    assert quotes[1].text.endswith("насосы,") or quotes[1].text.endswith("насосы")
    assert quotes[2].text.startswith("Это экспорт услуг под ключ")
    assert quotes[3].text.startswith("Мы уже сегодня работаем с белорусскими компаниями")
    assert quotes[4].text.startswith("Например, из техники, которую мы закупаем")


async def test_quotes_command_lists_all_five(chat, services) -> None:
    await add_articles(services, USERS_ARTICLE.read_text(encoding="utf-8"))
    for query in ("/quotes Дрозденко", "/quotes дрозденко", "/quotes Александра Дрозденко"):
        replies = await chat.send(query)
        text = "\n".join(r.text for r in replies)
        assert "ежегодно находятся новые грани" in text, query
        assert "Мы самый динамичный регион" in text
        assert "Это экспорт услуг под ключ" in text
        assert "Мы уже сегодня работаем с белорусскими компаниями" in text
        assert "Например, из техники, которую мы закупаем" in text
