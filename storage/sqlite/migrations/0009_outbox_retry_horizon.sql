-- Transient delivery failures are retried for a time horizon counted from the first failure.
ALTER TABLE outbox ADD COLUMN first_failed_at REAL;  -- unix time of the first transient failure, NULL before
