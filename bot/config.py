"""Settings from the environment and ``.env`` (pydantic-settings); a bad value is one clear line, not a traceback."""

from __future__ import annotations

import logging
import re
from typing import Annotated

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_API_BASE = "https://api.telegram.org"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

# What each setting expects, for the one-line error a person reads.
EXPECTED = {
    "bot_token": "токен от @BotFather",
    "admin_ids": "числовые id пользователей через запятую, например 123456,789012",
    "database_path": "путь к файлу базы",
    "seeds_dir": "папка со статьями",
    "telegram_api_base": "адрес Bot API, например https://api.telegram.org",
    "notify_rate": "число сообщений в секунду больше нуля, например 25",
    "notify_retry_hours": "число часов больше нуля, например 24",
    "log_level": "один из уровней " + ", ".join(LOG_LEVELS),
    "default_timezone": "часовой пояс вроде Europe/Moscow или +3",
}


class SettingsError(ValueError):
    """A setting that cannot be used; the message names it and says what is expected (in Russian)."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    database_path: str = "newsbot.db"
    seeds_dir: str = "seeds"
    telegram_api_base: str = DEFAULT_API_BASE
    notify_rate: float = Field(default=25.0, gt=0)
    notify_retry_hours: float = Field(default=24.0, gt=0)
    log_level: str = "INFO"
    default_timezone: str = "Europe/Moscow"

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part for part in re.split(r"[,;\s]+", value) if part]
            if not all(re.fullmatch(r"-?[0-9]{1,19}", part) for part in parts):
                raise ValueError(EXPECTED["admin_ids"])
            return frozenset(int(part) for part in parts)
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("bot_token", mode="before")
    @classmethod
    def _empty_token_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        if value.upper() not in LOG_LEVELS:
            raise ValueError(EXPECTED["log_level"])
        return value.upper()

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from bot.news.schedule import parse_zone

        zone = parse_zone(value)
        if zone is None:
            raise ValueError(EXPECTED["default_timezone"])
        return zone

    @property
    def has_token(self) -> bool:
        return self.bot_token is not None

    @property
    def log_level_number(self) -> int:
        return logging.getLevelName(self.log_level)

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admin_ids


def load_settings() -> Settings:
    """Settings from the environment and ``.env``; SettingsError names the first bad one."""
    try:
        return Settings()
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error.get("loc") else ""
        raise SettingsError(
            f"Неверная настройка {field.upper() or '?'}: нужно {EXPECTED.get(field, 'другое значение')}."
        ) from None
