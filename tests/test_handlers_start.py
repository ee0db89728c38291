"""/start, /help, unknown commands, stale buttons and unexpected errors, through the dispatcher."""

from __future__ import annotations


async def test_start_lists_every_reader_command(chat) -> None:
    [reply] = await chat.send("/start")
    for command in ("/latest", "/article", "/search"):
        assert command in reply.text
    assert "/upload" not in reply.text


async def test_help_shows_admin_commands_only_to_admins(chat) -> None:
    from tests.conftest import ADMIN_ID

    [reply] = await chat.as_user(ADMIN_ID).send("/help")
    assert "/upload" in reply.text


async def test_plain_text_and_unknown_commands_get_a_hint(chat) -> None:
    [reply] = await chat.send("привет, что нового?")
    assert "/help" in reply.text
    [reply] = await chat.send("/frobnicate")
    assert "Такой команды нет" in reply.text


async def test_stale_button_is_answered(chat) -> None:
    before = len(chat.session.requests)
    await chat.press("zz:unknown")
    answers = [r for r in chat.session.requests[before:] if r.__api_method__ == "answerCallbackQuery"]
    assert answers and "устарела" in answers[0].text


async def test_unexpected_error_gets_a_polite_reply(chat, services, monkeypatch) -> None:
    async def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(services.articles, "latest", broken)
    [reply] = await chat.send("/latest")
    assert reply.text.startswith("Что-то пошло не так")
    [reply] = await chat.send("/help")  # the bot is still alive
    assert "/latest" in reply.text
