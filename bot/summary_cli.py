"""``python -m bot summary "<words>"``: the /topic summary printed on the terminal."""

from __future__ import annotations

import argparse
import sys

from bot.config import Settings
from bot.console import html_to_terminal
from bot.handlers.topics import no_match_text, summary_text
from storage import topics as topics_repo
from storage.db import connect
from storage.topics import NoMatch


async def main(settings: Settings, args: argparse.Namespace) -> int:
    query = " ".join(" ".join(args.words).split())
    if not query:
        print('Пустая тема: python -m bot summary "энергетика"', file=sys.stderr)
        return 2
    db = await connect(settings.database_path)
    try:
        result = await topics_repo.topic_summary(db.read, query)
    finally:
        await db.close()
    if isinstance(result, NoMatch):
        print(html_to_terminal(no_match_text(result)))
        for _, label in result.suggestions:
            print(f"  - {label}")
        return 1
    print(html_to_terminal(summary_text(result)))
    return 0
