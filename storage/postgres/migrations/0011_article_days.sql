-- Articles per date, kept by a trigger: a deep page of the newest-first list finds its date from these counts
-- and skips only within that date, instead of walking the date index over every article before it.
CREATE TABLE article_days (
    date     DATE PRIMARY KEY,
    articles INTEGER NOT NULL CHECK (articles > 0)
);
INSERT INTO article_days (date, articles) SELECT date, count(*) FROM articles GROUP BY date;

CREATE FUNCTION article_days_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE article_days SET articles = articles - 1 WHERE date = OLD.date AND articles > 1;
        IF NOT FOUND THEN
            DELETE FROM article_days WHERE date = OLD.date;
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO article_days (date, articles) VALUES (NEW.date, 1)
        ON CONFLICT (date) DO UPDATE SET articles = article_days.articles + 1;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER article_days_count AFTER INSERT OR DELETE OR UPDATE OF date ON articles
    FOR EACH ROW EXECUTE FUNCTION article_days_count();
