"""Local times of day in a chat's time zone: «Europe/Minsk» or «+3», «09:00», and when that time next comes."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_OFFSET_RE = re.compile(r"(?:UTC|GMT|МСК)?\s*([+-−])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)
_TIME_RE = re.compile(r"(\d{1,2})[:.](\d{2})")


def parse_zone(text: str) -> str | None:
    """A time zone as typed («Europe/Minsk», «+3», «UTC-05:30») in its stored form, or None when it is none."""
    text = text.strip()
    match = _OFFSET_RE.fullmatch(text)
    if match:
        sign = "-" if match.group(1) in "-−" else "+"
        hours, minutes = int(match.group(2)), int(match.group(3) or 0)
        if hours > 14 or minutes >= 60:
            return None
        return f"{sign}{hours:02d}:{minutes:02d}"
    if text.upper() in ("UTC", "GMT"):
        return "+00:00"
    try:
        return ZoneInfo(text).key if "/" in text and ".." not in text else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def zone(stored: str) -> dt.tzinfo:
    """The tzinfo of a stored zone («Europe/Minsk» or «+03:00»)."""
    if stored[:1] in "+-":
        sign = -1 if stored[0] == "-" else 1
        hours, minutes = (int(part) for part in stored[1:].split(":"))
        return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
    return ZoneInfo(stored)


def parse_time(text: str) -> str | None:
    """«9:00», «09.30» -> «09:00», «09:30»; None when it is no time of day."""
    match = _TIME_RE.fullmatch(text.strip())
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    return f"{hours:02d}:{minutes:02d}" if hours < 24 and minutes < 60 else None


def local_date(now: float, stored_zone: str) -> dt.date:
    return dt.datetime.fromtimestamp(now, zone(stored_zone)).date()


def next_time(now: float, stored_zone: str, at: str) -> float:
    """The first moment after ``now`` (unix time) when the clock in the zone shows ``at`` («HH:MM»)."""
    tz = zone(stored_zone)
    hours, minutes = (int(part) for part in at.split(":"))
    local = dt.datetime.fromtimestamp(now, tz)
    candidate = local.replace(hour=hours, minute=minutes, second=0, microsecond=0)
    if candidate.timestamp() <= now:
        candidate = (local + dt.timedelta(days=1)).replace(hour=hours, minute=minutes, second=0, microsecond=0)
    return candidate.timestamp()
