"""Answers when nothing else applies: unknown commands, plain text, stale buttons, unexpected errors."""

from __future__ import annotations

UNKNOWN_COMMAND = "Такой команды нет. Список команд — /help"
PLAIN_TEXT = "Я понимаю команды. Например: /latest, /search энергетика. Все команды — /help"
STALE_BUTTON = "Эта кнопка устарела. Наберите команду ещё раз."
SORRY = "Что-то пошло не так. Попробуйте ещё раз чуть позже."
