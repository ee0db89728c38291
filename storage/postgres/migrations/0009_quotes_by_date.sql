-- /quotes lists a speaker's quotes newest article first: each quote carries its article's date, so the index
-- walks a page in order instead of sorting every quote of the speaker (see SQLite's 0014).
ALTER TABLE quotes ADD COLUMN article_date DATE;
UPDATE quotes q SET article_date = a.date FROM articles a WHERE a.id = q.article_id;
ALTER TABLE quotes ALTER COLUMN article_date SET NOT NULL;
DROP INDEX quotes_by_speaker;
CREATE INDEX quotes_by_speaker ON quotes (speaker_id, article_date DESC, article_id DESC, start_pos);
