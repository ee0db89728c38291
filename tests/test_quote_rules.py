"""Every row of the rule table: its own example yields a quote produced by that rule."""

from __future__ import annotations

import pytest

from bot.news.quotes import extract_quotes
from bot.news.quotes.rules import RULES


def test_rule_names_are_unique() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_the_example_of_each_rule_is_read_by_that_rule(rule) -> None:
    quotes = extract_quotes(rule.example)
    assert rule.name in {q.rule for q in quotes}, [(q.rule, q.speaker, q.text) for q in quotes]
    for q in quotes:
        assert rule.example[q.start : q.end] == q.text
        assert q.speaker
