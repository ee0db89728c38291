-- Several delivery workers: each leases the rows it sends; a sent row keeps its chat with that worker until
-- lease_until (the chat's pace holds across workers); one send budget for the global rate.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;         -- the worker holding the row
ALTER TABLE outbox ADD COLUMN lease_until REAL;        -- unix time; the claim lapses afterwards
CREATE INDEX outbox_held ON outbox (chat_id, lease_until) WHERE lease_until IS NOT NULL;

-- The global send rate shared by every worker (GCRA): the theoretical time of the next free slot.
CREATE TABLE send_budget (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    tat REAL NOT NULL
);
INSERT INTO send_budget (id, tat) VALUES (1, 0);
