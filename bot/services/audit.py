"""The audit trail of admin actions."""

from __future__ import annotations

import logging

from bot.news.records import AuditEntry
from storage import Store

log = logging.getLogger(__name__)


class AuditService:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def record(self, user_id: int, action: str, detail: str, result: str) -> None:
        """Never lets a failing audit write hide the admin's answer (the failure is logged)."""
        try:
            async with self.store.transaction() as tx:
                await tx.audit.record(user_id, action, detail, result)
        except Exception:  # noqa: BLE001 - the audit is best effort once the action itself is done
            log.exception("could not write the audit entry %s %s", user_id, action)

    async def recent(self, limit: int) -> list[AuditEntry]:
        return await self.store.reader.audit.recent(limit)
