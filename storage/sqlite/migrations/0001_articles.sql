-- Articles, their sentences (with lemmas, for snippets and summaries) and the lemma full-text index.
CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,
    date         TEXT NOT NULL,                 -- ISO YYYY-MM-DD
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,                 -- paragraphs joined by \n; quote offsets point into it
    extra        TEXT NOT NULL DEFAULT '',      -- fields after the date on line 1, verbatim
    lead         TEXT NOT NULL DEFAULT '',      -- first sentence of the body
    source       TEXT NOT NULL DEFAULT '',
    uploader     INTEGER,
    external_id  TEXT UNIQUE,
    url          TEXT,
    content_hash TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX articles_by_date ON articles (date DESC, id DESC);

CREATE TABLE sentences (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,                -- offsets into articles.body
    end        INTEGER NOT NULL,
    lemmas     TEXT NOT NULL,                   -- content lemmas, space separated
    PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;

-- rowid = articles.id; columns hold lemmatised text (ё->е), so unicode61 needs no Russian stemming.
CREATE VIRTUAL TABLE articles_fts USING fts5 (title, lead, body, tokenize = 'unicode61 remove_diacritics 0');

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    DELETE FROM articles_fts WHERE rowid = old.id;
END;

-- Arguments too long for callback_data (a search query, a topic) are kept here and referenced by id.
CREATE TABLE callback_args (
    id   INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE
);
