"""Reading the archive: /latest with paging, /article, /search."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot import render
from bot.news.language import WORD_RE, lemma
from bot.news.search import query_terms
from bot.render import LatestPage, OpenArticle, SearchPage, esc
from storage import archive as archive_repo
from storage import articles as articles_repo
from storage import callback_args
from storage import search as search_repo
from storage.articles import StoredArticle
from storage.db import Database
from storage.search import SearchHit

LATEST_DEFAULT = 5
LATEST_MAX = 20
SEARCH_PAGE = 5
MAX_QUERY_CHARS = 200


def parse_count(arg: str | None, default: int, maximum: int) -> int | None:
    """A small positive number from a command argument; None when it is not one."""
    if not arg:
        return default
    arg = arg.strip()
    if not arg.isdigit() or len(arg) > 6:
        return None
    value = int(arg)
    return value if 1 <= value <= maximum else None


def parse_article_id(arg: str | None) -> int | None:
    arg = (arg or "").strip().lstrip("#")
    if not arg.isdigit() or len(arg) > 12:
        return None
    value = int(arg)
    return value if value > 0 else None


# ---- views -------------------------------------------------------------------------------------------------

def latest_view(items: list[StoredArticle], offset: int, size: int, total: int) -> tuple[str, InlineKeyboardMarkup | None]:
    if not items:
        return "В архиве пока нет статей.", None
    lines = [f"<b>Последние новости</b> ({offset + 1}–{offset + len(items)} из {total})"]
    for n, item in enumerate(items, start=offset + 1):
        lines.append(
            f"\n{n}. <b>{esc(item.title)}</b>\n<i>{render.date_ru(item.date)}</i> · {esc(render.shorten(item.lead, 220))}"
        )
    rows = [[render.button(f"{n}. {item.title}", OpenArticle(id=item.id))] for n, item in enumerate(items, offset + 1)]
    rows.append(render.pager_row(offset, size, total, lambda o: LatestPage(offset=o, size=size)))
    return "\n".join(lines), render.keyboard(rows)


def article_view(article: StoredArticle) -> list[str]:
    meta = render.date_ru(article.date)
    if article.extra:
        meta += f" · {esc(article.extra)}"
    paragraphs = "\n\n".join(esc(p) for p in article.body.split("\n") if p.strip())
    text = f"<b>{esc(article.title)}</b>\n<i>{meta}</i> · №{article.id}\n\n{paragraphs}"
    return render.split_message(text)


def highlight(sentence: str, terms: list[str]) -> str:
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
    query: str, terms: list[str], hits: list[SearchHit], offset: int, total: int, query_id: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    lines = [f"<b>Поиск: {esc(query)}</b> — найдено {total}"]
    for n, hit in enumerate(hits, start=offset + 1):
        article = hit.article
        if hit.snippet_start >= 0:
            snippet = article.body[hit.snippet_start : hit.snippet_end]
        else:
            snippet = article.lead
        snippet = render.shorten(snippet, 300)
        lines.append(
            f"\n{n}. <b>{esc(article.title)}</b> <i>{render.date_ru(article.date)}</i>\n{highlight(snippet, list(hit.terms) or terms)}"
        )
    rows = [[render.button(f"{n}. {h.article.title}", OpenArticle(id=h.article.id))] for n, h in enumerate(hits, offset + 1)]
    rows.append(render.pager_row(offset, SEARCH_PAGE, total, lambda o: SearchPage(query=query_id, offset=o)))
    return "\n".join(lines), render.keyboard(rows)


NO_RESULTS = "По запросу «{query}» ничего не нашлось. Попробуйте другие слова или посмотрите /topics."
SEARCH_USAGE = "Напишите, что искать: <code>/search энергетика</code> или <code>/search мост через Неву</code>."


# ---- handlers ----------------------------------------------------------------------------------------------

async def run_search(
    db: Database, query: str, offset: int, query_id: int | None = None
) -> tuple[str, InlineKeyboardMarkup | None]:
    terms = query_terms(query)
    if not terms:
        return SEARCH_USAGE, None
    hits, total = await search_repo.search(db.read, terms, SEARCH_PAGE, offset)
    if not hits:
        return NO_RESULTS.format(query=esc(query)), None
    if query_id is None:
        query_id = await query_arg(db, query) if offset > 0 or offset + SEARCH_PAGE < total else 0
    return search_view(query, terms, hits, offset, total, query_id)


async def query_arg(db: Database, query: str) -> int:
    """callback_args id of a query for the pager; a write transaction only for a query never stored before."""
    known = await search_repo.known_arg(db.read, query)
    if known is not None:
        return known
    async with db.transaction() as conn:
        return await callback_args.remember(conn, query)


def create_router() -> Router:
    router = Router(name="news")

    @router.message(Command("latest"))
    async def latest(message: Message, command: CommandObject, db: Database) -> None:
        size = parse_count(command.args, LATEST_DEFAULT, LATEST_MAX)
        if size is None:
            await message.answer(f"Укажите, сколько новостей показать: число от 1 до {LATEST_MAX}, например /latest 10")
            return
        total = await archive_repo.article_count(db.read)
        items = await archive_repo.latest_page(db.read, size, 0, total)
        text, markup = latest_view(items, 0, size, total)
        await message.answer(text, reply_markup=markup)

    @router.callback_query(LatestPage.filter())
    async def latest_page(callback: CallbackQuery, callback_data: LatestPage, db: Database) -> None:
        size = min(max(callback_data.size, 1), LATEST_MAX)
        offset = max(callback_data.offset, 0)
        total = await archive_repo.article_count(db.read)
        items = await archive_repo.latest_page(db.read, size, offset, total)
        text, markup = latest_view(items, offset, size, total)
        await callback.answer()
        if isinstance(callback.message, Message):
            await callback.message.edit_text(text, reply_markup=markup)

    @router.message(Command("article"))
    async def article(message: Message, command: CommandObject, db: Database) -> None:
        article_id = parse_article_id(command.args)
        if article_id is None:
            await message.answer("Укажите номер статьи: <code>/article 12</code>. Номера видны в /latest и /search.")
            return
        await send_article(message, db, article_id)

    @router.callback_query(OpenArticle.filter())
    async def article_button(callback: CallbackQuery, callback_data: OpenArticle, db: Database) -> None:
        await callback.answer()
        if isinstance(callback.message, Message):
            await send_article(callback.message, db, callback_data.id)

    @router.message(Command("search"))
    async def search(message: Message, command: CommandObject, db: Database) -> None:
        query = " ".join((command.args or "").split())
        if not query:
            await message.answer(SEARCH_USAGE)
            return
        if len(query) > MAX_QUERY_CHARS:
            await message.answer(f"Слишком длинный запрос: не больше {MAX_QUERY_CHARS} символов.")
            return
        text, markup = await run_search(db, query, 0)
        await message.answer(text, reply_markup=markup)

    @router.callback_query(SearchPage.filter())
    async def search_page(callback: CallbackQuery, callback_data: SearchPage, db: Database) -> None:
        query = await callback_args.recall(db.read, callback_data.query)
        if query is None:
            await callback.answer("Запрос устарел, повторите поиск.")
            return
        text, markup = await run_search(db, query, max(callback_data.offset, 0), callback_data.query)
        await callback.answer()
        if isinstance(callback.message, Message):
            await callback.message.edit_text(text, reply_markup=markup)

    return router


async def send_article(message: Message, db: Database, article_id: int) -> None:
    article = await articles_repo.get(db.read, article_id)
    if article is None:
        await message.answer(f"Статьи №{article_id} нет в архиве. Свежие новости — /latest")
        return
    for part in article_view(article):
        await message.answer(part)
