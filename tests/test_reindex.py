"""Re-analysing the archive rebuilds every derived row without double counting."""

from __future__ import annotations

import pytest

from bot.services.reindex import reindex
from tests.conftest import add_articles, make_article

ARTICLES = make_article(
    "2025-09-12",
    "Очистные сооружения в Луге обновят",
    "Глава района Светлана Корнилова заявила, что новые очистные сооружения защитят реку Лугу.",
    "Экология района станет лучше, считают в администрации.",
) + make_article(
    "2025-09-14",
    "В Кингисеппе проверят выбросы",
    "Экологи проверят выбросы завода в Кингисеппе.",
    "«Экология — наш главный приоритет», - сказал директор завода Павел Зотов.",
)


async def snapshot(store) -> dict[str, list]:
    out = {}
    for table, order in (("term_df", "term"), ("article_terms", "article_id, term"), ("quotes", "id"),
                         ("sentences", "article_id, idx")):
        columns = "*" if table != "quotes" else "article_id, kind, text, start, end"
        async with store.reader.conn.execute(f"SELECT {columns} FROM {table} ORDER BY {order}") as cur:
            out[table] = [tuple(row) for row in await cur.fetchall()]
    async with store.reader.conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'экология'") as cur:
        out["fts"] = [(await cur.fetchone())[0]]
    return out


@pytest.mark.sqlite_only
async def test_reindex_rebuilds_derived_rows_exactly(store, services) -> None:
    await add_articles(services, ARTICLES)
    before = await snapshot(store)
    assert before["term_df"] and before["quotes"] and before["article_terms"]
    assert await reindex(store) == 2
    after = await snapshot(store)
    # Key-term weights are re-computed against the whole archive; everything counted stays exactly the same.
    assert {k: v for k, v in after.items() if k != "article_terms"} == {
        k: v for k, v in before.items() if k != "article_terms"
    }
    assert {row[0] for row in after["article_terms"]} == {1, 2}
    assert await reindex(store) == 2  # a second run changes nothing
    assert await snapshot(store) == after
