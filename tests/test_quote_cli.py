"""``quotes --jsonl``: one answer line per input line, each quote naming the rule that produced it."""

from __future__ import annotations

import io
import json

from bot.cli.quotes import batch


def test_jsonl_quotes_carry_their_rule() -> None:
    text = "«Мост простоит сто лет», — сказал инженер Павел Ивлев."
    out, err = io.StringIO(), io.StringIO()
    assert batch(io.StringIO(json.dumps({"id": "a1", "text": text}) + "\n"), out, err) == 0
    reply = json.loads(out.getvalue())
    assert reply["id"] == "a1"
    (quote,) = reply["quotes"]
    assert list(quote) == ["speaker", "role", "text", "kind", "start", "end", "rule"]
    assert (quote["speaker"], quote["kind"], quote["rule"]) == ("Павел Ивлев", "direct", "dash_after")
    assert text[quote["start"] : quote["end"]] == quote["text"]
