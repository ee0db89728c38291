"""``python -m bot``: argparse, and one module per command (imported only when its command runs).

Commands that do not talk to Telegram (ingest, stats, search, quotes, summary, reindex) never import aiogram.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys

from bot.cli import logs

COMMANDS = ("run", "webhook", "worker", "console", "ingest", "stats", "search", "quotes", "summary", "reindex")


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m bot", description="Новостной Telegram-бот")
    sub = root.add_subparsers(dest="command")
    sub.add_parser("run", help="long polling with BOT_TOKEN, notifications delivered in the same process")
    sub.add_parser("webhook", help="updates over HTTP (WEBHOOK_URL, WEBHOOK_SECRET); several may share a database")
    sub.add_parser("worker", help="deliver notifications only; several may share a database")
    console = sub.add_parser("console", help="offline terminal chat on the local archive (no token, no network)")
    console.add_argument("--admin", action="store_true", help="the console's user is an admin (/upload, /delete …)")
    ingest = sub.add_parser("ingest", help="add articles from files or folders (.txt in the seeds format, .jsonl)")
    ingest.add_argument("paths", nargs="+")
    ingest.add_argument("--workers", type=int, default=0, help="analysis processes (0 = automatic)")
    sub.add_parser("stats", help="archive counts, one `name: value` per line")
    quotes = sub.add_parser("quotes", help="quotes of one article (FILE or -), or --jsonl batch on stdin")
    quotes.add_argument("source", nargs="?", help="FILE (seeds format or plain text) or - for stdin")
    quotes.add_argument("--jsonl", action="store_true", help="stdin {id, text} per line; stdout {id, quotes}")
    search = sub.add_parser("search", help="ranked search results, or --jsonl batch on stdin")
    search.add_argument("words", nargs="*")
    search.add_argument("--limit", type=int, default=10)
    search.add_argument("--jsonl", action="store_true", help="stdin {query} per line; stdout {query, results}")
    summary = sub.add_parser("summary", help="cited summary of a topic over the archive, as /topic shows it")
    summary.add_argument("words", nargs="*")
    summary.add_argument("--jsonl", action="store_true", help="stdin {query} per line; stdout one summary per line")
    reindex = sub.add_parser("reindex", help="re-analyse every stored article after an upgrade")
    reindex.add_argument("--workers", type=int, default=0, help="analysis processes (0 = automatic)")
    return root


def main(argv: list[str] | None = None) -> int:
    """Run one command; bad settings or an archive that cannot be opened end with one line and exit code 2."""
    args = parser().parse_args(sys.argv[1:] if argv is None else argv)
    from bot.config import SettingsError, load_settings
    from storage import StorageUnavailable

    try:
        settings = load_settings()
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    token = settings.bot_token.get_secret_value() if settings.bot_token else None
    logs.configure(settings.log_level, token)
    command = args.command or ("run" if settings.has_token else "console")
    module = importlib.import_module(f"bot.cli.{command}")
    try:
        return asyncio.run(module.main(settings, args))
    except StorageUnavailable as exc:
        print(f"Не удалось открыть архив: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
