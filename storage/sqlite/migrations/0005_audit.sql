-- Every admin action: who, what, when, with which result. Written by the admin middleware, never by readers.
CREATE TABLE audit (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    user_id INTEGER NOT NULL,
    action  TEXT NOT NULL,                 -- e.g. upload, delete, stats, reindex
    detail  TEXT NOT NULL DEFAULT '',      -- what it was applied to (article id, file name, ...)
    result  TEXT NOT NULL DEFAULT ''       -- outcome in a few words (ok, added 2, refused, error: ...)
);
CREATE INDEX audit_by_time ON audit (at DESC, id DESC);
