"""Webhook mode: an aiohttp server that takes updates from Telegram (aiogram's SimpleRequestHandler), for several
stateless instances behind a load balancer on one database.

Each instance checks ``X-Telegram-Bot-Api-Secret-Token`` (other requests get 401), answers ``GET /healthz``
after asking the database, calls setWebhook at start (a failure is logged: another instance or an operator may
have set it) and never runs the notifier: ``python -m bot worker`` delivers. An update is answered once it was
handled, so one interrupted by a stop is sent again by Telegram.
"""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.app import build_bot, build_dispatcher
from bot.config import Settings
from bot.runtime.polling import stop_on_signals
from bot.services import Services
from bot.services.analysis_process import AnalysisProcess
from bot.services.sources import seed_if_empty
from bot.views.start import COMMANDS
from storage import open_store

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
HEALTH_TIMEOUT_S = 5.0


async def run_webhook(settings: Settings) -> None:
    store = await open_store(settings.database)
    analysis = AnalysisProcess()
    try:
        services = Services.create(store, default_timezone=settings.default_timezone, analysis=analysis)
        bot = build_bot(settings)
        try:
            await serve(settings, services, bot, stop_on_signals())
        finally:
            await bot.session.close()
    finally:
        analysis.shutdown(cancel_futures=True)
        await store.close()


def build_app(settings: Settings, services: Services, bot: Bot) -> web.Application:
    """The aiohttp application: the update route with its secret check, and the health check."""
    assert settings.webhook_secret is not None
    dp = build_dispatcher(settings, services)

    async def on_startup() -> None:
        await seed_if_empty(services.ingest, settings.seeds_dir)
        try:
            await bot.set_webhook(
                url=settings.webhook_url or "", secret_token=settings.webhook_secret.get_secret_value(),
                allowed_updates=dp.resolve_used_update_types(),
            )
        except Exception as exc:  # noqa: BLE001 - serving matters more: the webhook may be set already
            log.warning("setWebhook failed (updates come only if the webhook is set): %s", type(exc).__name__)
        try:
            await bot.set_my_commands(COMMANDS)
        except Exception as exc:  # noqa: BLE001 - the menu is a nicety: any failure leaves it as it was
            log.warning("setMyCommands failed (the menu stays as it was): %s", type(exc).__name__)

    dp.startup.register(on_startup)
    app = web.Application()
    app.router.add_get(HEALTH_PATH, _health(services))
    SimpleRequestHandler(
        dispatcher=dp, bot=bot, handle_in_background=False, secret_token=settings.webhook_secret.get_secret_value()
    ).register(app, path=settings.webhook_path)
    setup_application(app, dp, bot=bot)
    return app


def _health(services: Services):
    async def health(request: web.Request) -> web.Response:
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT_S):
                articles = await services.articles.count()
        except Exception as exc:  # noqa: BLE001 - any failure means «do not send traffic here»
            log.warning("health check: the database does not answer (%s)", type(exc).__name__)
            return web.json_response({"ok": False, "database": type(exc).__name__}, status=503)
        return web.json_response({"ok": True, "articles": articles})

    return health


async def serve(settings: Settings, services: Services, bot: Bot, stop: asyncio.Event) -> None:
    """Serve until ``stop`` is set, then finish the requests in flight."""
    runner = web.AppRunner(build_app(settings, services, bot), handle_signals=False, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, settings.webhook_host, settings.webhook_port).start()
        log.info("webhook listening on %s:%d%s (database %s)", settings.webhook_host, settings.webhook_port,
                 settings.webhook_path, services.store.location)
        await stop.wait()
        log.info("webhook stopping")
    finally:
        await runner.cleanup()
