-- Key terms and document frequencies for /topics and /topic summaries.

-- Document frequency of every term (content lemma, adjective+noun phrase, name) across the archive, kept up to
-- date at ingest. The row with term = '' counts the documents themselves.
CREATE TABLE term_df (
    term TEXT COLLATE "C" PRIMARY KEY,
    df   INTEGER NOT NULL
);

-- Every term an article contributed to term_df, so deleting the article gives its counts back.
CREATE TABLE article_vocab (
    article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    terms      TEXT[] NOT NULL
);

CREATE FUNCTION article_vocab_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE term_df SET df = df - 1 WHERE term = ANY (OLD.terms);
    DELETE FROM term_df WHERE df <= 0 AND term = ANY (OLD.terms);
    RETURN NULL;
END $$;
CREATE TRIGGER article_vocab_forget AFTER DELETE ON article_vocab FOR EACH ROW EXECUTE FUNCTION article_vocab_forget();

-- The article's key terms (top TF-IDF at ingest time) with their display form.
CREATE TABLE article_terms (
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    term       TEXT COLLATE "C" NOT NULL,
    weight     DOUBLE PRECISION NOT NULL,
    label      TEXT NOT NULL,
    PRIMARY KEY (article_id, term)
);
CREATE INDEX article_terms_by_term ON article_terms (term);
