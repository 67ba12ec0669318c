-- A polled source is read by one process at a time: the poll job and "check now" take a lease
-- (reading_until) and give it back when the read is recorded. A crashed reader's lease runs out.
ALTER TABLE listening_sources ADD COLUMN reading_until timestamptz;
