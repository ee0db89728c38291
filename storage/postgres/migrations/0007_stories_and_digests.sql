-- Each article's story terms (bot.news.stories.story_terms): what /topic and digests group articles by.
CREATE TABLE article_story_terms (
    article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    terms      JSONB NOT NULL                   -- [[term, weight], ...], strongest first
);
INSERT INTO article_story_terms (article_id, terms)
SELECT article_id, jsonb_agg(jsonb_build_array(term, weight) ORDER BY weight DESC, term)
FROM article_terms GROUP BY article_id;

-- Daily digests: a chat's time zone and digest time, each subscription instant or part of the digest, the
-- articles waiting for a chat's next digest, and digest messages in the same outbox as instant notifications.
ALTER TABLE chats ADD COLUMN timezone TEXT;             -- «Europe/Minsk» or «+03:00»; NULL: the bot's default
ALTER TABLE chats ADD COLUMN digest_at TEXT;            -- «HH:MM» local time of the daily digest; NULL: none
ALTER TABLE chats ADD COLUMN digest_due DOUBLE PRECISION;  -- unix time the next digest is due; NULL: none
CREATE INDEX chats_digest_due ON chats (digest_due) WHERE digest_due IS NOT NULL;

ALTER TABLE subscriptions ADD COLUMN mode TEXT NOT NULL DEFAULT 'instant' CHECK (mode IN ('instant', 'digest'));

CREATE TABLE digest_items (
    chat_id    BIGINT NOT NULL,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    topics     TEXT[] NOT NULL,                 -- the matched subscriptions' words
    PRIMARY KEY (chat_id, article_id)
);
CREATE INDEX digest_items_by_article ON digest_items (article_id);

ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'article' CHECK (kind IN ('article', 'digest'));
ALTER TABLE outbox ADD COLUMN digest_date TEXT;          -- the chat's local date of a digest
ALTER TABLE outbox ADD COLUMN payload TEXT;              -- a digest's content (JSON)
ALTER TABLE outbox ALTER COLUMN article_id DROP NOT NULL;
CREATE UNIQUE INDEX outbox_digest_per_day ON outbox (chat_id, digest_date) WHERE digest_date IS NOT NULL;
