"""The attribution rules, in precedence order: for each sentence every rule runs in turn, and a span an earlier
rule has claimed is never taken again. Each row carries an example of the convention it encodes (the tests run
every example)."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from bot.news.quotes import direct, indirect, unmarked
from bot.news.quotes.context import Context


class Rule(NamedTuple):
    name: str
    example: str
    function: Callable[[Context, int], None]


RULES: tuple[Rule, ...] = (
    Rule(
        "split", "«Мы начали ремонт, — заявил мэр Олег Сомов. — Дороги откроют в мае».", direct.split_inside
    ),
    Rule(
        "split_plain",
        "«Очередь сократилась вдвое, уточнила бывший министр Алла Рябова. Но врачей всё ещё не хватает».",
        direct.split_plain,
    ),
    Rule("dash_after", "«Мост простоит сто лет», — сказал инженер Павел Ивлев.", direct.after_close),
    Rule("colon", "Депутат Кира Морошкина добавила: «Закон примут до конца года».", direct.colon_intro),
    Rule(
        "unmarked",
        "Депутат Глеб Осинин написал в своем блоге:\nЯ голосовал против. Закон сырой, его надо доработать.",
        unmarked.unmarked,
    ),
    Rule(
        "continuation",
        "«Урожай хороший», — сказал фермер Ефим Рожков.\n«Зерна хватит на всю область и на продажу».",
        direct.continuation,
    ),
    Rule(
        "anaphoric", "Новый стадион откроют в августе. Об этом заявил мэр Вадим Кречетов.", indirect.anaphoric
    ),
    Rule(
        "according_to", "По словам Тимура Ясенева, фонд выделит деньги на три школы.", indirect.according_to
    ),
    Rule(
        "as_said",
        "Экономист Глеб Орешкин выступил на форуме. Как отметил экономист, инфляция замедлится.",
        indirect.as_said,
    ),
    Rule(
        "that_clause",
        "Губернатор Павел Лосев заявил, что бюджет области будет выполнен.",
        indirect.that_clause,
    ),
    Rule(
        "speaker_after",
        "Цены на хлеб не вырастут до весны, заявил министр Глеб Орешкин.",
        indirect.speaker_after,
    ),
    Rule("fragment", "Министр Ольга Брусникина назвала ситуацию «крайне тревожной».", direct.fragments),
)
