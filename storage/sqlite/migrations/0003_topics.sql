-- Key terms and document frequencies for /topics and /topic summaries.

-- Document frequency of every term (content lemma, adjective+noun phrase, name) across the archive, kept up to
-- date at ingest. The row with term = '' counts the documents themselves.
CREATE TABLE term_df (
    term TEXT PRIMARY KEY,
    df   INTEGER NOT NULL
) WITHOUT ROWID;

-- Every term an article contributed to term_df (JSON array), so deleting the article gives its counts back.
CREATE TABLE article_vocab (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    terms      TEXT NOT NULL
);

CREATE TRIGGER article_vocab_delete AFTER DELETE ON article_vocab BEGIN
    UPDATE term_df SET df = df - 1 WHERE term IN (SELECT value FROM json_each(old.terms));
    DELETE FROM term_df WHERE df <= 0 AND term IN (SELECT value FROM json_each(old.terms));
END;

-- The article's key terms (top TF-IDF at ingest time) with their display form.
CREATE TABLE article_terms (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    term       TEXT NOT NULL,
    weight     REAL NOT NULL,
    label      TEXT NOT NULL,
    PRIMARY KEY (article_id, term)
) WITHOUT ROWID;
CREATE INDEX article_terms_by_term ON article_terms (term);
