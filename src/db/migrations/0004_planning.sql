-- Planning: queue slots per channel ("every Tuesday at 09:30"), read in the organisation's time zone.
-- PostgreSQL 15 features only (runs unchanged on PGlite).

CREATE TABLE channel_queue_slots (
  channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  -- 0 = Sunday … 6 = Saturday (as JavaScript's getDay and Postgres's EXTRACT(dow)).
  weekday smallint NOT NULL CHECK (weekday BETWEEN 0 AND 6),
  -- Wall-clock time in the organisation's zone, 'HH:MM' (24 h).
  local_time text NOT NULL CHECK (local_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  PRIMARY KEY (channel_id, weekday, local_time)
);

-- The calendar reads posts by planned time.
CREATE INDEX IF NOT EXISTS posts_planned_at_idx ON posts(planned_at) WHERE planned_at IS NOT NULL;
