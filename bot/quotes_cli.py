"""``quotes`` command: print the quotes of one article, or answer JSON lines in batch (``--jsonl``).

quotes FILE|-      seed format (``date YYYY-MM-DD ...`` / title / body) or plain text
quotes --jsonl     stdin: {"id", "text"} per line; stdout: {"id", "quotes": [...]} per line, in order
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import asdict
from typing import TextIO

from bot.news.quotes import Quote, extract_quotes

_DATE_LINE = re.compile(r"^date\s+\d{4}-\d{2}-\d{2}\b")


def split_article(raw: str) -> tuple[str | None, str, int]:
    """(title, body, offset of body in raw): seed files start with a ``date`` line and a title line."""
    lines = raw.splitlines(keepends=True)
    if len(lines) >= 2 and _DATE_LINE.match(lines[0].lstrip("\ufeff")):
        offset = len(lines[0]) + len(lines[1])
        return lines[1].strip(), raw[offset:], offset
    return None, raw, 0


def format_quote(quote: Quote) -> str:
    who = f"{quote.speaker} ({quote.role})" if quote.role else quote.speaker
    return f"[{quote.kind}] {who} [{quote.start}:{quote.end}]\n    «{quote.text}»"


def _print_article(raw: str, out: TextIO) -> int:
    title, body, _ = split_article(raw)
    quotes = extract_quotes(body)
    if title:
        out.write(f"{title}\n")
    if not quotes:
        out.write("Цитат не найдено.\n")
    for quote in quotes:
        out.write(format_quote(quote) + "\n")
    return 0


def _jsonl(inp: TextIO, out: TextIO, err: TextIO) -> int:
    failures = 0
    for lineno, line in enumerate(inp, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text = record.get("text") or ""
            if not isinstance(text, str):
                raise TypeError("text must be a string")
            quotes = [_as_json(q) for q in extract_quotes(text)]
            reply = {"id": record.get("id"), "quotes": quotes}
        except (ValueError, TypeError, AttributeError) as exc:
            failures += 1
            err.write(f"line {lineno}: {exc}\n")
            reply = {"id": None, "quotes": [], "error": str(exc)}
        out.write(json.dumps(reply, ensure_ascii=False) + "\n")
        out.flush()
    return 1 if failures else 0


def _as_json(quote: Quote) -> dict[str, object]:
    data = asdict(quote)
    return {k: data[k] for k in ("speaker", "role", "text", "kind", "start", "end", "rule")}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="quotes", description="Quotes of named persons in Russian news.")
    parser.add_argument("file", nargs="?", help="article file (seed format or plain text), '-' for stdin")
    parser.add_argument("--jsonl", action="store_true", help="batch mode: JSON lines {id, text} on stdin")
    if argv[:1] == ["--"]:  # «python -m bot quotes -- --jsonl» passes the separator through
        argv = argv[1:]
    args = parser.parse_args(argv)
    if args.jsonl:
        return _jsonl(sys.stdin, sys.stdout, sys.stderr)
    if not args.file:
        parser.error("give FILE, '-' or --jsonl")
    try:
        raw = sys.stdin.read() if args.file == "-" else open(args.file, encoding="utf-8-sig").read()
    except OSError as exc:
        sys.stderr.write(f"quotes: {exc}\n")
        return 2
    return _print_article(raw, sys.stdout)
