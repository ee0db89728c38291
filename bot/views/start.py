"""/start and /help: what the bot does and every command with an example; the command menu."""

from __future__ import annotations

from aiogram.types import BotCommand

READER_HELP = """<b>Новостной бот</b> — свежие новости, поиск с учётом морфологии, сводки по темам и цитаты людей.

/latest — последние новости (можно /latest 10)
/article 12 — открыть статью по номеру
/search энергетика — поиск: «энергетике» найдёт и «энергетика», и «энергетикой»
/topics — о чём пишут сейчас: темы последних новостей
/topic энергетика — сводка по теме из всех статей архива, со ссылками на источники
/trend энергетика — график: сколько статей по теме выходило по дням или неделям, с пиками сюжетов
/quotes Дрозденко — что говорил человек (можно полное имя в любом падеже)
/speakers — кого цитируют чаще всего
/subscribe экология — присылать новые статьи на эту тему (в группе — только админам)
/subscriptions — мои подписки, отписка кнопкой; /unsubscribe экология
/digest 09:00 — присылать подписки раз в день одним дайджестом; /digest off — снова сразу
/timezone Europe/Minsk — часовой пояс дайджеста (или смещение: /timezone +3)

В любом чате: наберите @{bot} и слова (например, @{bot} энергетика), чтобы поделиться статьёй."""

ADMIN_HELP = """

<b>Для администраторов</b>
/upload — загрузить статью: текст после команды, ответом на сообщение или .txt-файлом (до 2 МБ)
/delete 12 — удалить статью (с подтверждением)
/stats — размер архива: статьи, цитаты, подписчики, уведомления
/reindex — заново проанализировать весь архив после обновления
/audit — последние действия администраторов"""

COMMANDS = [
    BotCommand(command="latest", description="Последние новости"),
    BotCommand(command="search", description="Поиск по архиву"),
    BotCommand(command="article", description="Открыть статью по номеру"),
    BotCommand(command="topics", description="О чём пишут сейчас"),
    BotCommand(command="topic", description="Сводка по теме: /topic энергетика"),
    BotCommand(command="trend", description="График темы: /trend энергетика"),
    BotCommand(command="quotes", description="Цитаты человека: /quotes Дрозденко"),
    BotCommand(command="speakers", description="Кого цитируют чаще всего"),
    BotCommand(command="subscribe", description="Подписаться на тему: /subscribe экология"),
    BotCommand(command="subscriptions", description="Мои подписки"),
    BotCommand(command="digest", description="Дайджест раз в день: /digest 09:00"),
    BotCommand(command="help", description="Что умеет бот"),
]


def help_text(is_admin: bool, bot_username: str = "имя_бота") -> str:
    return READER_HELP.replace("{bot}", bot_username) + (ADMIN_HELP if is_admin else "")
