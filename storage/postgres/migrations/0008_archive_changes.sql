-- A counter of every article stored or deleted: the archive's version for the caches of search, stories and
-- charts (the same as SQLite's, whose ids may be handed out again).
ALTER TABLE archive_stats ADD COLUMN changes BIGINT NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION articles_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE archive_stats SET articles = articles + (CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END),
        changes = changes + 1 WHERE id = 1;
    RETURN NULL;
END $$;
