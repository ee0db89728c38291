-- Daily digests: a chat's time zone and digest time, each subscription instant or part of the digest, the
-- articles waiting for a chat's next digest, and digest messages in the same outbox as instant notifications.

ALTER TABLE chats ADD COLUMN timezone TEXT;            -- «Europe/Minsk» or «+03:00»; NULL: the bot's default
ALTER TABLE chats ADD COLUMN digest_at TEXT;           -- «HH:MM» local time of the daily digest; NULL: none
ALTER TABLE chats ADD COLUMN digest_due REAL;          -- unix time the next digest is due; NULL: none
CREATE INDEX chats_digest_due ON chats (digest_due) WHERE digest_due IS NOT NULL;

ALTER TABLE subscriptions ADD COLUMN mode TEXT NOT NULL DEFAULT 'instant' CHECK (mode IN ('instant', 'digest'));

-- An article that matched a chat's digest subscriptions, until its digest is built.
CREATE TABLE digest_items (
    chat_id    INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    topics     TEXT NOT NULL,                    -- JSON list of the matched subscriptions' words
    PRIMARY KEY (chat_id, article_id)
) WITHOUT ROWID;
CREATE INDEX digest_items_by_article ON digest_items (article_id);

-- The outbox again, with room for digests: kind 'digest' rows carry their content and the local day they cover.
CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY,
    chat_id         INTEGER NOT NULL,
    kind            TEXT NOT NULL DEFAULT 'article' CHECK (kind IN ('article', 'digest')),
    article_id      INTEGER REFERENCES articles (id) ON DELETE CASCADE,
    digest_date     TEXT,                        -- the chat's local date of a digest
    payload         TEXT,                        -- a digest's content (JSON)
    topics          TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sent', 'failed', 'dropped')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL DEFAULT 0,
    reason          TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    sent_at         TEXT,
    first_failed_at REAL,
    UNIQUE (chat_id, article_id),
    UNIQUE (chat_id, digest_date)
);
INSERT INTO outbox_new (id, chat_id, article_id, topics, status, attempts, next_attempt_at, reason, created_at,
                        sent_at, first_failed_at)
SELECT id, chat_id, article_id, topics, status, attempts, next_attempt_at, reason, created_at, sent_at,
       first_failed_at
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox (id) WHERE status = 'pending';
CREATE INDEX outbox_by_article ON outbox (article_id);
