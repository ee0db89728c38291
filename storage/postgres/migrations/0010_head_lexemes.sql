-- The title and lead alone, with their own index. A query limited to them (a very common word, see
-- bot.services.search) matched the whole vector with weights, which PostgreSQL rechecks row by row, reading every
-- matching article's full vector; the head's vector is short and needs no weights.
ALTER TABLE article_index ADD COLUMN head_lexemes TSVECTOR NOT NULL GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', translate(title, '-‐', '  ')), 'A')
    || setweight(to_tsvector('simple', translate(lead, '-‐', '  ')), 'B')
) STORED;
CREATE INDEX article_index_head_lexemes ON article_index USING gin (head_lexemes);
