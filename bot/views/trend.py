"""/trend: a topic's matching articles per day or week as a bar chart (PNG), its main stories' peaks labelled,
and the caption and texts around it.

Drawn with matplotlib's object API on the Agg canvas (no pyplot, no display), one chart at a time: the service
calls ``png`` in a worker thread, so the event loop keeps answering while a chart is drawn. matplotlib is
imported with the first chart, so a bot nobody asks for one never loads it.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from typing import TYPE_CHECKING

from bot.news.language import shorten
from bot.news.records import NoMatch
from bot.news.trend import Trend
from bot.views.html import esc
from bot.views.topics import TREND_BUTTON, articles_ru, day_ru, span_ru

if TYPE_CHECKING:
    from matplotlib.figure import Figure

USAGE = "Напишите тему: <code>/trend энергетика</code> — пришлю график, сколько о ней писали по неделям."
BUTTON = TREND_BUTTON  # under /topic answers
STALE_BUTTON = "Эта кнопка устарела. Наберите /trend с темой ещё раз."
PEAK_LABEL_CHARS = 48
CAPTION_TITLE_CHARS = 90
SIZE_INCHES = (8.0, 4.2)
LABEL_ROOM = 0.45  # headroom above the highest bar for the peak labels
DPI = 100
BAR_COLOUR = "#3f7cac"
PEAK_COLOUR = "#c0392b"
_MONTHS_SHORT = ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
_UNIT = {"day": "по дням", "week": "по неделям"}
_drawing = threading.Lock()  # matplotlib's state (fonts, caches) is not meant for two threads at once


def too_long(limit: int) -> str:
    return f"Слишком длинная тема: не больше {limit} символов."


def no_match_text(result: NoMatch) -> str:
    if not result.terms:
        return USAGE
    return f"По теме «{esc(result.query)}» в архиве ничего нет — рисовать нечего. Темы последних новостей — /topics"


def title(trend: Trend) -> str:
    unit = "статей в день" if trend.unit == "day" else "статей в неделю"
    return f"«{shorten(trend.query, 40)}»: {unit}, всего {articles_ru(trend.total)}"


def caption(trend: Trend) -> str:
    """The photo's caption (HTML, well under Telegram's 1024 characters)."""
    lines = [
        f"<b>Тема «{esc(shorten(trend.query, 60))}»</b> — {articles_ru(trend.total)}, "
        f"{span_ru(trend.first, trend.last)}, {_UNIT[trend.unit]}."
    ]
    if trend.peaks:
        lines.append("Пики главных сюжетов:")
        lines += [
            f"{n}. {esc(shorten(p.label, CAPTION_TITLE_CHARS))} — {_bin_ru(trend, p.start)}, {articles_ru(p.count)}"
            for n, p in enumerate(trend.peaks, 1)
        ]
    return "\n".join(lines)


def png(trend: Trend) -> bytes:
    """The chart as PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    with _drawing:
        figure = chart(trend)
        buffer = io.BytesIO()
        FigureCanvasAgg(figure).print_png(buffer)
    return buffer.getvalue()


def chart(trend: Trend) -> Figure:
    """One bar per bin (empty bins included, as flat bars), the peaks numbered as in the caption.

    Drawn for speed: the bars are one collection of rectangles (a few hundred patches would take most of the
    time), the title is figure text and the peak markers plain lines (an axes title and annotation arrows make
    matplotlib measure text again on every draw)."""
    from matplotlib.collections import PolyCollection
    from matplotlib.dates import AutoDateLocator, date2num
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    figure = Figure(figsize=SIZE_INCHES, dpi=DPI)
    figure.subplots_adjust(left=0.08, right=0.98, top=0.9, bottom=0.1)
    figure.text(0.53, 0.95, title(trend), ha="center", va="center", fontsize=12)
    axes = figure.add_subplot()
    starts = [b.start for b in trend.bins]
    counts = [b.count for b in trend.bins]
    width = 0.8 if trend.unit == "day" else 5.6
    lefts = date2num(starts)
    axes.add_collection(PolyCollection(
        [((x, 0), (x, n), (x + width, n), (x + width, 0)) for x, n in zip(lefts, counts, strict=True)],
        facecolors=BAR_COLOUR, edgecolors="none",
    ))
    axes.xaxis_date()
    top = max(counts) * (1.0 + LABEL_ROOM) + 1
    axes.set_ylim(0, top)
    axes.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    axes.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=6))
    axes.xaxis.set_major_formatter(FuncFormatter(_day_label if trend.unit == "day" else _month_label))
    axes.set_xlim(lefts[0] - width, lefts[-1] + 2 * width)
    axes.set_ylabel("статей")
    axes.spines[["top", "right"]].set_visible(False)
    heights = {b.start: b.count for b in trend.bins}
    span = max((starts[-1] - starts[0]).days, 1)
    for n, peak in enumerate(trend.peaks, 1):
        x = float(date2num(peak.start)) + width / 2
        label_y = top * (0.97 - 0.075 * (n - 1))
        place = (peak.start - starts[0]).days / span
        align = "left" if place < 0.3 else "right" if place > 0.7 else "center"
        axes.vlines(x, heights[peak.start], label_y - top * 0.045, colors=PEAK_COLOUR, linewidth=0.8)
        axes.text(x, label_y, f"{n}. {shorten(peak.label, PEAK_LABEL_CHARS)}", va="top", ha=align, fontsize=8,
                  color=PEAK_COLOUR)
    return figure


def _axis_date(value: float) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=int(value))


def _month_label(value: float, _position: int | None = None) -> str:
    """Axis dates in Russian whatever the machine's locale: «мар 2018»."""
    day = _axis_date(value)
    return f"{_MONTHS_SHORT[day.month - 1]} {day.year}"


def _day_label(value: float, _position: int | None = None) -> str:
    """«9 мар»."""
    day = _axis_date(value)
    return f"{day.day} {_MONTHS_SHORT[day.month - 1]}"


def _bin_ru(trend: Trend, start: dt.date) -> str:
    if trend.unit == "day":
        return day_ru(start)
    return f"неделя с {day_ru(start)}"
