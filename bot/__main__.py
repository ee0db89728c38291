"""Command line: run | console | ingest | stats | quotes | search | summary | reindex.

Heavy modules (aiogram, natasha) are imported only by the commands that need them.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Новостной Telegram-бот")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="long polling with BOT_TOKEN")
    sub.add_parser("console", help="offline terminal chat on the local archive (no token, no network)")
    ingest = sub.add_parser("ingest", help="add articles from files or folders (.txt in the seeds format, .jsonl)")
    ingest.add_argument("paths", nargs="+")
    ingest.add_argument("--workers", type=int, default=0, help="analysis processes (0 = automatic)")
    sub.add_parser("stats", help="archive counts, one `name: value` per line")
    quotes = sub.add_parser("quotes", help="quotes of one article (FILE or -), or --jsonl batch on stdin")
    quotes.add_argument("source", nargs="?", help="FILE, - for stdin, or --jsonl")
    search = sub.add_parser("search", help="ranked search results, or --jsonl batch on stdin")
    search.add_argument("words", nargs="*")
    search.add_argument("--limit", type=int, default=10)
    search.add_argument("--jsonl", action="store_true")
    summary = sub.add_parser("summary", help="cited summary of a topic over the archive, as /topic shows it")
    summary.add_argument("words", nargs="+")
    reindex = sub.add_parser("reindex", help="re-analyse every stored article after an upgrade")
    reindex.add_argument("--workers", type=int, default=0, help="analysis processes (0 = automatic)")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["quotes"]:  # the quotes CLI parses its own options (--jsonl, FILE, -)
        return _quotes(argv[1:])
    args = _parser().parse_args(argv)
    from bot.config import Settings

    settings = Settings()
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    command = args.command or ("run" if settings.has_token else "console")
    from bot import cli

    handler = getattr(cli, command)
    return asyncio.run(handler(settings, args))


def _quotes(argv: list[str]) -> int:
    from bot.quotes_cli import main as quotes_main

    return quotes_main(argv)


if __name__ == "__main__":
    sys.exit(main())
