-- Each article's story terms (bot.news.stories.story_terms): what /topic groups articles into stories by.
CREATE TABLE article_story_terms (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    terms      TEXT NOT NULL                    -- JSON [[term, weight], ...], strongest first
);

-- Articles stored before: their key terms stand in until a reindex computes the full story terms.
INSERT INTO article_story_terms (article_id, terms)
SELECT article_id, json_group_array(json_array(term, weight))
FROM (SELECT article_id, term, weight FROM article_terms ORDER BY article_id, weight DESC, term)
GROUP BY article_id;
