"""/search: ranked results with the matched words in bold."""

from __future__ import annotations

from collections.abc import Callable

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup

from bot.news.furniture import strip_stamps
from bot.news.language import WORD_RE, lemma, shorten
from bot.news.quotemarks import closed
from bot.news.records import SearchHit
from bot.services.search import MAX_TOTAL, Ranking
from bot.views import html
from bot.views.callbacks import OpenArticle
from bot.views.html import esc

SNIPPET_CHARS = 300
TITLE_CHARS = 200
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


def entry(hit: SearchHit, terms: frozenset[str], room: int) -> str:
    """One result in at most ``room`` characters: its number, title, date, the snippet with the words in bold."""
    article = hit.article
    date = html.date_ru(article.date)
    frame = len(f"\n№{article.id} · <b></b> <i>{date}</i>\n")
    title = html.esc_short(article.title, min(TITLE_CHARS, max(20, (room - frame) * 2 // 5)))
    snippet = article.body[hit.snippet_start : hit.snippet_end] if hit.snippet_start >= 0 else article.lead
    snippet = strip_stamps(snippet)
    size = min(SNIPPET_CHARS, room - frame - len(title))
    shown = ""
    while size > 0:
        shown = highlight(closed(shorten(snippet, size)), hit.terms or terms)
        if len(shown) <= room - frame - len(title):
            break
        size -= max(8, len(shown) - (room - frame - len(title)))
        shown = ""
    return f"\n№{article.id} · <b>{title}</b> <i>{date}</i>\n{shown}"


def found(ranking: Ranking) -> str:
    """«найдено 12», «найдено больше 1000, показаны лучшие 300»."""
    text = f"найдено больше {MAX_TOTAL}" if ranking.more_than_counted else f"найдено {ranking.total}"
    if ranking.reachable < ranking.total:
        text += f", показаны лучшие {ranking.reachable}"
    return text


def search_view(
    query: str, terms: tuple[str, ...], ranking: Ranking, offset: int, page_size: int,
    page: Callable[[int], CallbackData],
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The page of results at ``offset``; ``page(offset)`` is the data of the pager's buttons."""
    hits = ranking.hits
    head = f"<b>Поиск: {html.esc_short(query, 300)}</b> — {found(ranking)}"
    if hits and ranking.reachable > len(hits):
        head += f" ({offset + 1}–{offset + len(hits)})"
    room = html.share(html.MESSAGE_LIMIT, len(hits), len(head) + 1) - 1
    lines = [head] + [entry(hit, frozenset(terms), room) for hit in hits]
    rows = [[html.button(f"№{h.article.id} {h.article.title}", OpenArticle(id=h.article.id))] for h in hits]
    rows.append(html.pager_row(offset, page_size, ranking.reachable, page))
    return "\n".join(lines), html.keyboard(rows)
