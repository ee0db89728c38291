"""``quotes FILE|-``: the quotes of one article (or of each article of a file); ``quotes --jsonl``: a batch.

FILE in the upload format is read by the same parser as ``ingest`` (title, extra fields, offsets into the body);
any other text is taken as one article body. --jsonl: stdin {"id", "text"} per line; stdout {"id", "quotes"}
per line, in order.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TextIO

from bot.config import Settings
from bot.news.article import Article, ArticleFormatError, decode, is_date_line, parse_each
from bot.news.quotes import Quote, extract_quotes

JSON_FIELDS = ("speaker", "role", "text", "kind", "start", "end", "rule")


def format_quote(quote: Quote) -> str:
    who = f"{quote.speaker} ({quote.role})" if quote.role else quote.speaker
    return f"[{quote.kind}] {who} [{quote.start}:{quote.end}]\n    «{quote.text}»"


def articles_of(text: str) -> list[Article | ArticleFormatError] | None:
    """The articles of a file in the upload format, or None when it is plain text (no ``date`` line first)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return parse_each(text) if is_date_line(first) else None


def print_quotes(body: str, out: TextIO) -> None:
    quotes = extract_quotes(body)
    if not quotes:
        out.write("Цитат не найдено.\n")
    for quote in quotes:
        out.write(format_quote(quote) + "\n")


def print_file(text: str, out: TextIO, err: TextIO) -> int:
    articles = articles_of(text)
    if articles is None:
        print_quotes(text, out)
        return 0
    failed = 0
    for item in articles:
        if isinstance(item, ArticleFormatError):
            err.write(f"строка {item.line}: {item.reason}\n")
            failed += 1
            continue
        out.write(f"{item.date.isoformat()} {item.title}\n")
        print_quotes(item.body, out)
    return 1 if failed else 0


def as_json(quote: Quote) -> dict[str, object]:
    data = asdict(quote)
    return {k: data[k] for k in JSON_FIELDS}


def batch(inp: TextIO, out: TextIO, err: TextIO) -> int:
    failures = 0
    for lineno, line in enumerate(inp, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text = record.get("text") or ""
            if not isinstance(text, str):
                raise TypeError("text must be a string")
            reply = {"id": record.get("id"), "quotes": [as_json(q) for q in extract_quotes(text)]}
        except (ValueError, TypeError, AttributeError) as exc:
            failures += 1
            err.write(f"line {lineno}: {exc}\n")
            reply = {"id": None, "quotes": [], "error": str(exc)}
        out.write(json.dumps(reply, ensure_ascii=False) + "\n")
        out.flush()
    return 1 if failures else 0


async def main(settings: Settings, args: argparse.Namespace) -> int:
    if args.jsonl or args.source == "--jsonl":
        return batch(sys.stdin, sys.stdout, sys.stderr)
    if not args.source:
        print("Укажите файл статьи, - для стандартного ввода или --jsonl", file=sys.stderr)
        return 2
    try:
        raw = sys.stdin.buffer.read() if args.source == "-" else Path(args.source).read_bytes()
        text = decode(raw)
    except OSError as exc:
        print(f"quotes: {exc}", file=sys.stderr)
        return 2
    except ArticleFormatError as exc:
        print(f"quotes: {exc.reason}", file=sys.stderr)
        return 2
    return print_file(text, sys.stdout, sys.stderr)
