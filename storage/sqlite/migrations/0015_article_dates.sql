-- /trend counts a topic's matches per day: the (id, date) pairs of the archive in an index of their own, read
-- instead of the articles' wide rows (SqliteLemmaIndex.per_day names it).
CREATE INDEX articles_dates ON articles (id, date);
