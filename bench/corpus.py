"""A deterministic synthetic corpus in the upload format, recombined from the sentences of ``seeds/``.

Each generated article keeps the topic of one seed article (most sentences come from it), borrows a few
sentences from others, varies dates and numbers, and adds a statement by an invented person (direct or
indirect speech), so quotes, people, topics and search all have realistic, varied material.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.news.article import ArticleFormatError
from bot.news.language import sentences
from bot.services.sources import iter_paths, read_file

FIRST_DATE = dt.date(2022, 1, 1)
DAYS = 1400

# Invented people: (first name, surname, gender).
MEN = ["Игорь", "Олег", "Семён", "Кирилл", "Павел", "Аркадий", "Матвей", "Роман", "Глеб", "Тимофей", "Лев", "Фёдор"]
WOMEN = ["Марина", "Анна", "Вера", "Ольга", "Дарья", "Софья", "Елена", "Полина", "Ксения", "Алла", "Нина", "Зоя"]
SURNAMES = [
    "Ланск", "Светлов", "Колосов", "Вересаев", "Быстров", "Мартынов", "Туманов", "Солнцев", "Дубравин", "Ершов",
    "Кедров", "Озёрск", "Полянск", "Рябинин", "Снегирёв", "Тихомиров", "Уварин", "Фомичёв", "Хлебников", "Черёмухин",
    "Шаповалов", "Яснов", "Брусничкин", "Воронцов", "Гречишников", "Журавлёв", "Зимин", "Калинин", "Лесков", "Мельников",
]
ROLES = [
    "директор компании", "глава района", "министр области", "председатель комитета", "главный инженер",
    "руководитель проекта", "эксперт отрасли", "депутат городской думы", "начальник управления", "главный врач",
]
CITIES = ["Верхнеозёрск", "Старогорск", "Приречье", "Новолесье", "Каменка", "Заречный", "Светлоярск", "Берёзовка"]
SAID = [("заявил", "заявила"), ("сказал", "сказала"), ("отметил", "отметила"), ("подчеркнул", "подчеркнула")]
TOLD = [("сообщил", "сообщила"), ("рассказал", "рассказала"), ("уточнил", "уточнила")]

_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)?")


@dataclass(frozen=True, slots=True)
class Person:
    first: str
    last: str
    female: bool

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def person_pool(rng: random.Random) -> list[Person]:
    people = []
    for stem in SURNAMES:
        male_last = stem + ("ий" if stem.endswith("ск") else "")
        female_last = stem + ("ая" if stem.endswith("ск") else "а")
        people.append(Person(rng.choice(MEN), male_last, False))
        people.append(Person(rng.choice(WOMEN), female_last, True))
    return people


@dataclass(slots=True)
class SeedText:
    title: str
    sentences: list[str]


def load_seeds(folder: Path) -> list[SeedText]:
    seeds = []
    for path in iter_paths([str(folder)]):
        if path.suffix.lower() != ".txt":
            continue
        for item, _meta in read_file(path):
            if isinstance(item, ArticleFormatError):
                continue
            found = [s.text for s in sentences(item.body) if len(s.text) >= 30 and _balanced(s.text)]
            if found:
                seeds.append(SeedText(item.title, found))
    if not seeds:
        raise SystemExit(f"no seed articles in {folder}")
    return seeds


def _balanced(sentence: str) -> bool:
    """Whole quotes only: razdel may cut a multi-sentence quote, leaving a lone « or »."""
    return sentence.count("«") == sentence.count("»") and sentence.count('"') % 2 == 0 and "„" not in sentence


def vary_numbers(text: str, rng: random.Random) -> str:
    def swap(match: re.Match[str]) -> str:
        token = match.group(0)
        if len(token) == 4 and token[:2] in {"19", "20"}:
            return token  # a year: keep it
        out = []
        for i, ch in enumerate(token):
            if ch.isdigit():
                out.append(str(rng.randint(1 if i == 0 else 0, 9)))
            else:
                out.append(ch)
        return "".join(out)

    return _NUMBER_RE.sub(swap, text)


def _statement(sentence: str, person: Person, role: str, rng: random.Random) -> str:
    core = sentence.rstrip(" .!?…")
    if rng.random() < 0.6:
        verb = rng.choice(SAID)[person.female]
        return f"«{core}», — {verb} {role} {person.name}."
    verb = rng.choice(TOLD)[person.female]
    clause = core[0].lower() + core[1:] if core[1:2].islower() else core
    return f"{role[0].upper()}{role[1:]} {person.name} {verb}, что {clause}."


class CorpusGenerator:
    def __init__(self, seeds: list[SeedText], seed: int = 20250929) -> None:
        self.seeds = seeds
        self.seed = seed
        self.people = person_pool(random.Random(seed))

    def article(self, index: int) -> str:
        """Article number ``index`` in the upload format (the same text for the same index and seed)."""
        rng = random.Random(self.seed * 1_000_003 + index)
        topic = rng.choice(self.seeds)
        date = FIRST_DATE + dt.timedelta(days=rng.randrange(DAYS))
        title = vary_numbers(topic.title, rng)
        if rng.random() < 0.5:
            title = f"{rng.choice(CITIES)}: {title}"
        picked = rng.sample(topic.sentences, k=min(len(topic.sentences), rng.randint(4, 8)))
        for _ in range(rng.randint(1, 2)):
            picked.insert(rng.randrange(len(picked) + 1), rng.choice(rng.choice(self.seeds).sentences))
        picked = [vary_numbers(s, rng) for s in picked]
        person = rng.choice(self.people)
        statement = _statement(rng.choice(picked[1:] or picked), person, rng.choice(ROLES), rng)
        picked.insert(rng.randint(1, len(picked)), statement)
        paragraphs, i = [], 0
        while i < len(picked):
            size = rng.randint(1, 3)
            paragraphs.append(" ".join(picked[i : i + size]))
            i += size
        return "\n".join([f"date {date.isoformat()}", title, *paragraphs]) + "\n"

    def texts(self, count: int) -> Iterator[str]:
        for index in range(count):
            yield self.article(index)
