"""/start and /help: what the bot does and every command with an example."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandStart
from aiogram.types import Message

from bot.config import Settings

READER_HELP = """<b>Новостной бот</b> — свежие новости, поиск с учётом морфологии, сводки по темам и цитаты людей.

/latest — последние новости (можно /latest 10)
/article 12 — открыть статью по номеру
/search энергетика — поиск: «энергетике» найдёт и «энергетика», и «энергетикой»
/topics — о чём пишут сейчас: темы последних новостей
/topic энергетика — сводка по теме из всех статей архива, со ссылками на источники
/quotes Громова — что говорил человек (можно полное имя в любом падеже)
/speakers — кого цитируют чаще всего
/subscribe экология — присылать новые статьи на эту тему (в группе — только админам)
/subscriptions — мои подписки, отписка кнопкой; /unsubscribe экология"""

ADMIN_HELP = """

<b>Для администраторов</b>
/upload — загрузить статью: текст после команды, ответом на сообщение или .txt-файлом (до 2 МБ)
/delete 12 — удалить статью (с подтверждением)
/stats — размер архива: статьи, цитаты, подписчики, уведомления
/reindex — заново проанализировать весь архив после обновления
/audit — последние действия администраторов"""


def help_text(settings: Settings, user_id: int | None) -> str:
    return READER_HELP + (ADMIN_HELP if settings.is_admin(user_id) else "")


def create_router() -> Router:
    router = Router(name="start")

    @router.message(CommandStart())
    @router.message(Command("help"))
    async def send_help(message: Message, settings: Settings) -> None:
        user_id = message.from_user.id if message.from_user else None
        await message.answer(help_text(settings, user_id))

    return router
