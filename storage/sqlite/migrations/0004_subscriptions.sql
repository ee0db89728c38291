-- Topic subscriptions, their inverted term index, chat state and the notification outbox.

-- A chat the bot writes to on its own initiative; inactive once it blocked the bot or vanished.
CREATE TABLE chats (
    id         INTEGER PRIMARY KEY,             -- Telegram chat id (negative for groups)
    active     INTEGER NOT NULL DEFAULT 1,
    reason     TEXT NOT NULL DEFAULT '',        -- why it became inactive
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX chats_inactive ON chats (id) WHERE active = 0;

CREATE TABLE subscriptions (
    id         INTEGER PRIMARY KEY,
    chat_id    INTEGER NOT NULL,
    words      TEXT NOT NULL,                   -- as the user typed them
    terms      TEXT NOT NULL,                   -- sorted distinct lemmas, space separated: its identity
    n_terms    INTEGER NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (chat_id, terms)
);

-- Inverted index: an article matches a subscription when every one of its terms occurs in the article.
CREATE TABLE subscription_terms (
    term            TEXT NOT NULL,
    subscription_id INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    PRIMARY KEY (term, subscription_id)
) WITHOUT ROWID;
CREATE INDEX subscription_terms_by_subscription ON subscription_terms (subscription_id);

-- One notification per (chat, article), written in the article's own transaction; sent at least once.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    chat_id         INTEGER NOT NULL,
    article_id      INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    topics          TEXT NOT NULL,              -- JSON list of the matched subscriptions' words
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sent', 'failed', 'dropped')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL DEFAULT 0,    -- unix time; 0 = due now
    reason          TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    sent_at         TEXT,
    UNIQUE (chat_id, article_id)
);
CREATE INDEX outbox_pending ON outbox (id) WHERE status = 'pending';
CREATE INDEX outbox_by_article ON outbox (article_id);
