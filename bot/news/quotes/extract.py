"""The entry point: lay the text out, run the rule table over every sentence, name the speakers."""

from __future__ import annotations

from bot.news.quotes.context import Context, Found
from bot.news.quotes.model import Quote
from bot.news.quotes.rules import RULES
from bot.news.quotes.text import Document


def extract_quotes(text: str) -> list[Quote]:
    """Direct and indirect quotes of named persons in ``text``, in text order."""
    if not text or not text.strip():
        return []
    ctx = Context(Document(text))
    for si in range(len(ctx.doc.sentences)):
        for rule in RULES:
            ctx.rule = rule.name
            rule.function(ctx, si)
    return _once([_quote(ctx, f) for f in sorted(ctx.found, key=lambda f: f.start)])


def _once(quotes: list[Quote]) -> list[Quote]:
    """A statement repeated word for word (a lead and the body, a subtitle) is one quote, at its first place."""
    seen: set[tuple[str, str]] = set()
    kept: list[Quote] = []
    for quote in quotes:
        key = (quote.speaker, " ".join(quote.text.split()))
        if key not in seen:
            seen.add(key)
            kept.append(quote)
    return kept


def _quote(ctx: Context, found: Found) -> Quote:
    person = ctx.people.persons[found.person]
    text = ctx.text[found.start : found.end]
    return Quote(person.name, person.role, text, found.kind, found.start, found.end, found.rule)
