"""Process-wide logging: one line per record on stderr, the bot token never shown, libraries' chatter quiet."""

from __future__ import annotations

import logging
import re
import sys

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
HIDDEN = "<скрыто>"
# Anything shaped like a bot token, wherever it comes from (an error page echoing a request path, say).
_TOKEN_RE = re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{20,}")
QUIET_LIBRARIES = ("pymorphy3", "pymorphy2", "natasha", "slovnet", "navec", "asyncio")


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then hides the bot token (also inside tracebacks and quoted response bodies)."""

    def __init__(self, fmt: str, secrets: tuple[str, ...] = ()) -> None:
        super().__init__(fmt)
        self.secrets = tuple(s for s in secrets if s)

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self.secrets:
            text = text.replace(secret, HIDDEN)
        return _TOKEN_RE.sub(HIDDEN, text)


def configure(level: str, token: str | None = None) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RedactingFormatter(FORMAT, (token,) if token else ()))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in QUIET_LIBRARIES:  # their INFO lines («Loading dictionaries») say nothing to a user
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
