-- Publishing in batches (docs/publishing.md, "Throughput"): taking rate-limit tokens was a
-- transaction of five round trips per send (BEGIN, seed, SELECT … FOR UPDATE, UPDATE, COMMIT).
-- This function does the same in one call, with the same rules as before: each bucket holds at
-- most its limit and refills continuously at limit / period per second (the database's clock);
-- the account's buckets are locked in bucket order; all buckets pay or none does; a block after a
-- 429 (blocked_until) makes every take wait. Runs unchanged on PGlite.
--
-- p_limits / p_periods are NULL for a bucket without documented numbers (only its block counts).
-- Answers how long to wait (0 = paid), and why: the bucket that could not pay, or 'blocked'.
CREATE FUNCTION publishing_take_rate_tokens(
  p_network text,
  p_account_key text,
  p_buckets text[],
  p_limits double precision[],
  p_periods double precision[],
  p_costs double precision[]
) RETURNS TABLE (wait_seconds double precision, reason text)
LANGUAGE plpgsql AS $$
DECLARE
  i integer;
  b record;
  k integer;
  v_rate double precision;
  v_need double precision;
  v_refilled double precision[] := array_fill(NULL::double precision, ARRAY[cardinality(p_buckets)]);
  v_wait double precision := 0;
  v_why text := NULL;
BEGIN
  FOR i IN 1 .. cardinality(p_buckets) LOOP
    INSERT INTO publishing_rate_buckets (network, account_key, bucket, tokens)
    VALUES (p_network, p_account_key, p_buckets[i], coalesce(p_limits[i], 0))
    ON CONFLICT DO NOTHING;
  END LOOP;
  FOR b IN
    SELECT r.bucket, r.tokens, extract(epoch FROM now() - r.refilled_at)::float8 AS elapsed,
           extract(epoch FROM r.blocked_until - now())::float8 AS blocked_for
      FROM publishing_rate_buckets r
     WHERE r.network = p_network AND r.account_key = p_account_key AND r.bucket = ANY (p_buckets)
     ORDER BY r.bucket
       FOR UPDATE
  LOOP
    k := array_position(p_buckets, b.bucket);
    IF coalesce(b.blocked_for, 0) > v_wait THEN
      v_wait := b.blocked_for;
      v_why := 'blocked';
    END IF;
    CONTINUE WHEN p_limits[k] IS NULL OR p_periods[k] IS NULL OR p_periods[k] <= 0;
    v_rate := p_limits[k] / p_periods[k];
    v_refilled[k] := least(p_limits[k], b.tokens + greatest(0, b.elapsed) * v_rate);
    -- A cost above the capacity could never be paid: it waits for a full bucket instead.
    v_need := least(p_limits[k], coalesce(p_costs[k], 0));
    IF v_refilled[k] < v_need AND (v_need - v_refilled[k]) / v_rate > v_wait THEN
      v_wait := (v_need - v_refilled[k]) / v_rate;
      v_why := b.bucket;
    END IF;
  END LOOP;
  FOR i IN 1 .. cardinality(p_buckets) LOOP
    CONTINUE WHEN v_refilled[i] IS NULL;
    UPDATE publishing_rate_buckets
       SET tokens = v_refilled[i] - CASE WHEN v_wait > 0 THEN 0 ELSE least(p_limits[i], coalesce(p_costs[i], 0)) END,
           refilled_at = now()
     WHERE network = p_network AND account_key = p_account_key AND bucket = p_buckets[i];
  END LOOP;
  RETURN QUERY SELECT v_wait, v_why;
END;
$$;
