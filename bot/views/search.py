"""/search: ranked results with the matched words in bold."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.news.furniture import strip_stamps
from bot.news.language import WORD_RE, lemma, shorten
from bot.news.records import SearchHit
from bot.views import html
from bot.views.callbacks import OpenArticle, SearchPage
from bot.views.html import esc

SNIPPET_CHARS = 300
STALE = "Запрос устарел, повторите поиск."
USAGE = "Напишите, что искать: <code>/search энергетика</code> или <code>/search мост через Неву</code>."


def too_long(limit: int) -> str:
    return f"Слишком длинный запрос: не больше {limit} символов."


def no_results(query: str) -> str:
    return f"По запросу «{esc(query)}» ничего не нашлось. Попробуйте другие слова или посмотрите /topics."


def highlight(sentence: str, terms: list[str] | frozenset[str]) -> str:
    """Escape a sentence and bold the words whose lemma is a query term."""
    wanted = set(terms)
    out, pos = [], 0
    for match in WORD_RE.finditer(sentence):
        if lemma(match.group()) in wanted:
            out.append(f"{esc(sentence[pos : match.start()])}<b>{esc(match.group())}</b>")
            pos = match.end()
    out.append(esc(sentence[pos:]))
    return "".join(out)


def search_view(
    query: str, terms: tuple[str, ...], hits: list[SearchHit], offset: int, total: int, page_size: int,
    query_id: int,
) -> tuple[str, InlineKeyboardMarkup | None]:
    lines = [f"<b>Поиск: {esc(query)}</b> — найдено {total}"]
    for n, hit in enumerate(hits, start=offset + 1):
        article = hit.article
        if hit.snippet_start >= 0:
            snippet = article.body[hit.snippet_start : hit.snippet_end]
        else:
            snippet = article.lead
        snippet = shorten(strip_stamps(snippet), SNIPPET_CHARS)
        lines.append(
            f"\n{n}. <b>{esc(article.title)}</b> <i>{html.date_ru(article.date)}</i>\n"
            f"{highlight(snippet, hit.terms or frozenset(terms))}"
        )
    rows = [[html.button(f"{n}. {h.article.title}", OpenArticle(id=h.article.id))] for n, h in enumerate(hits, offset + 1)]
    rows.append(html.pager_row(offset, page_size, total, lambda o: SearchPage(query=query_id, offset=o)))
    return "\n".join(lines), html.keyboard(rows)
