-- A counter of every article stored or deleted: the archive's version for the caches of search, stories and
-- charts. The largest id alone is no version here, as SQLite gives a deleted newest article's id to the next one.
ALTER TABLE archive_stats ADD COLUMN changes INTEGER NOT NULL DEFAULT 0;

DROP TRIGGER archive_stats_insert;
DROP TRIGGER archive_stats_delete;
CREATE TRIGGER archive_stats_insert AFTER INSERT ON articles BEGIN
    UPDATE archive_stats SET articles = articles + 1, changes = changes + 1 WHERE id = 1;
END;
CREATE TRIGGER archive_stats_delete AFTER DELETE ON articles BEGIN
    UPDATE archive_stats SET articles = articles - 1, changes = changes + 1 WHERE id = 1;
END;
