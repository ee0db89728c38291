-- Document frequencies of the lemma index, for the idf of query words (search re-scoring).
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts_vocab USING fts5vocab (articles_fts, 'row');
