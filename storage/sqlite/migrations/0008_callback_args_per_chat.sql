-- The texts behind buttons belong to the chat that received them and expire (so the table stays bounded).
-- Rows of the old table were bound to no chat: the buttons carrying them become stale.
DROP TABLE callback_args;
CREATE TABLE callback_args (
    id         INTEGER PRIMARY KEY,
    chat_id    INTEGER NOT NULL,
    text       TEXT NOT NULL,
    created_at REAL NOT NULL,                  -- unix time; refreshed when the text is used again
    UNIQUE (chat_id, text)
);
CREATE INDEX callback_args_by_age ON callback_args (created_at);
