"""Settings from the environment and ``.env`` (pydantic-settings); a bad value is one clear line, not a traceback."""

from __future__ import annotations

import logging
import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from storage import POSTGRES_SCHEMES

DEFAULT_API_BASE = "https://api.telegram.org"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

# What each setting expects, for the one-line error a person reads.
EXPECTED = {
    "bot_token": "токен от @BotFather",
    "admin_ids": "числовые id пользователей через запятую, например 123456,789012",
    "database_path": "путь к файлу базы",
    "database_url": "адрес PostgreSQL вида postgresql://пользователь:пароль@хост:5432/база (или пусто для SQLite)",
    "seeds_dir": "папка со статьями",
    "telegram_api_base": "адрес Bot API, например https://api.telegram.org",
    "notify_rate": "число сообщений в секунду больше нуля, например 25",
    "notify_retry_hours": "число часов больше нуля, например 24",
    "log_level": "один из уровней " + ", ".join(LOG_LEVELS),
    "default_timezone": "часовой пояс вроде Europe/Moscow или +3",
    "notify_lease_seconds": "число секунд больше нуля, например 30",
    "webhook_url": "публичный адрес HTTPS, на который Telegram шлёт обновления, например https://bot.example.com/webhook",
    "webhook_secret": "от 1 до 256 символов: латинские буквы, цифры, _ и -",
    "webhook_host": "адрес, на котором слушает сервер вебхука, например 127.0.0.1",
    "webhook_port": "номер порта от 1 до 65535, например 8080",
}


class SettingsError(ValueError):
    """A setting that cannot be used; the message names it and says what is expected (in Russian)."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    database_path: str = "newsbot.db"
    database_url: SecretStr | None = None
    seeds_dir: str = "seeds"
    telegram_api_base: str = DEFAULT_API_BASE
    notify_rate: float = Field(default=25.0, gt=0)
    notify_retry_hours: float = Field(default=24.0, gt=0)
    log_level: str = "INFO"
    default_timezone: str = "Europe/Moscow"
    notify_lease_seconds: float = Field(default=30.0, gt=0)
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "127.0.0.1"
    webhook_port: int = Field(default=8080, ge=1, le=65535)

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

    @field_validator("database_url", "webhook_url", "webhook_secret", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("database_url")
    @classmethod
    def _postgres_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().strip().startswith(POSTGRES_SCHEMES):
            raise ValueError(EXPECTED["database_url"])
        return value

    @field_validator("webhook_url")
    @classmethod
    def _https_url(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value.strip()):
            raise ValueError(EXPECTED["webhook_url"])
        return value.strip() if value else value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_token(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram's secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError(EXPECTED["webhook_secret"])
        return value

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
    def database(self) -> str:
        """Where the archive is: the PostgreSQL URL when DATABASE_URL is set, else the SQLite file."""
        return self.database_url.get_secret_value().strip() if self.database_url else self.database_path

    @property
    def webhook_path(self) -> str:
        """The path Telegram posts updates to (from WEBHOOK_URL)."""
        path = urlsplit(self.webhook_url or "").path
        return path if path and path != "/" else "/webhook"

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
