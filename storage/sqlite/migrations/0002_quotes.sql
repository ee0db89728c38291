-- People quoted in the archive and what they said. One person is one speaker across all articles.
CREATE TABLE speakers (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,            -- fullest nominative name, e.g. «Александр Дрозденко»
    key         TEXT NOT NULL,                   -- lemmatised surname (ё->е), the lookup key
    role        TEXT,                            -- the most recent role seen
    quote_count INTEGER NOT NULL DEFAULT 0       -- kept by triggers below, for /speakers
);
CREATE INDEX speakers_by_key ON speakers (key);
CREATE INDEX speakers_by_count ON speakers (quote_count DESC, id);

CREATE TABLE quotes (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    speaker_id INTEGER NOT NULL REFERENCES speakers (id),
    kind       TEXT NOT NULL CHECK (kind IN ('direct', 'indirect')),
    role       TEXT,
    text       TEXT NOT NULL,
    start      INTEGER NOT NULL,                 -- offsets into articles.body
    end        INTEGER NOT NULL
);
CREATE INDEX quotes_by_speaker ON quotes (speaker_id, article_id DESC, start);
CREATE INDEX quotes_by_article ON quotes (article_id);

CREATE TRIGGER quotes_count_insert AFTER INSERT ON quotes BEGIN
    UPDATE speakers SET quote_count = quote_count + 1 WHERE id = new.speaker_id;
END;
CREATE TRIGGER quotes_count_delete AFTER DELETE ON quotes BEGIN
    UPDATE speakers SET quote_count = quote_count - 1 WHERE id = old.speaker_id;
END;
CREATE TRIGGER quotes_count_update AFTER UPDATE OF speaker_id ON quotes BEGIN
    UPDATE speakers SET quote_count = quote_count - 1 WHERE id = old.speaker_id;
    UPDATE speakers SET quote_count = quote_count + 1 WHERE id = new.speaker_id;
END;
