-- Publishing exactly once (docs/publishing.md): connected accounts, publications and their state
-- machine, the append-only attempts log, crisis pauses, shared rate-limit buckets and the start of
-- the records archive. PostgreSQL 15 features only; runs unchanged on PGlite.

-- The account behind a registry channel: where to reach it and its sealed credentials
-- (kit/crypto seal, associated data = channel id, so a value copied to another row will not open).
CREATE TABLE channel_connections (
  channel_id uuid PRIMARY KEY REFERENCES channels(id) ON DELETE CASCADE,
  api_base_url text NOT NULL,
  credentials_sealed text NOT NULL,
  remote_account_id text,
  token_expires_at timestamptz,
  connected_by uuid REFERENCES users(id) ON DELETE SET NULL,
  connected_at timestamptz NOT NULL DEFAULT now(),
  last_success_at timestamptz,
  last_error text,
  last_error_at timestamptz
);

-- Crisis pauses. Active = lifted_at IS NULL. An organisation pause covers its whole subtree.
CREATE TABLE publishing_pauses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  scope text NOT NULL CHECK (scope IN ('all', 'organisation', 'channels')),
  organisation_id uuid REFERENCES organisations(id) ON DELETE CASCADE,
  channel_ids uuid[] NOT NULL DEFAULT '{}',
  reason text NOT NULL CHECK (length(btrim(reason)) > 0),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  lifted_at timestamptz,
  lifted_by uuid REFERENCES users(id) ON DELETE SET NULL,
  lift_reason text,
  CHECK (scope <> 'organisation' OR organisation_id IS NOT NULL),
  CHECK (scope <> 'channels' OR cardinality(channel_ids) > 0),
  CHECK (lifted_at IS NULL OR length(btrim(coalesce(lift_reason, ''))) > 0)
);
CREATE INDEX publishing_pauses_active_idx ON publishing_pauses(scope) WHERE lifted_at IS NULL;

-- One row per (post variant × channel). post_id and variant_id carry no foreign keys yet: the
-- posts and variants tables come with the compose feature.
CREATE TABLE publications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
  channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE RESTRICT,
  post_id uuid,
  variant_id uuid,
  text text NOT NULL,
  language text CHECK (language IS NULL OR language IN ('nl','fr','de','en')),
  media jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(media) = 'array'),
  content_sha256 text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
  time_zone text NOT NULL,
  due_at timestamptz NOT NULL,
  idempotency_key uuid NOT NULL UNIQUE,
  state text NOT NULL CHECK (state IN ('draft','in_review','approved','scheduled','publishing','published','failed','unconfirmed','held','cancelled')),
  attempt_id uuid,
  claimed_at timestamptz,
  attempts_count integer NOT NULL DEFAULT 0,
  remote_id text,
  remote_url text,
  published_at timestamptz,
  failure_reason text,
  next_reconcile_at timestamptz,
  reconcile_count integer NOT NULL DEFAULT 0,
  held_by_pause_id uuid REFERENCES publishing_pauses(id) ON DELETE SET NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (state <> 'publishing' OR (attempt_id IS NOT NULL AND claimed_at IS NOT NULL)),
  CHECK (state <> 'published' OR (remote_id IS NOT NULL AND published_at IS NOT NULL))
);
-- The claim: `state = 'scheduled' AND due_at <= now() ORDER BY due_at`.
-- The claim reads this in order and stops at the first row no pause covers: O(1) per claim
-- however large the due backlog (a (state, due_at) index made a 10,000-post burst O(n²)).
CREATE INDEX publications_claim_idx ON publications(due_at, id) WHERE state = 'scheduled';
CREATE INDEX publications_reconcile_idx ON publications(state, next_reconcile_at) WHERE state = 'unconfirmed';
CREATE INDEX publications_org_idx ON publications(organisation_id, state);
CREATE INDEX publications_channel_idx ON publications(channel_id, state);
-- A double click on "schedule" must not make two rows that each publish: one live row per variant × channel.
CREATE UNIQUE INDEX publications_variant_channel_uq ON publications(variant_id, channel_id)
  WHERE variant_id IS NOT NULL AND state <> 'cancelled';

-- Append-only: every send, reconcile lookup and pause refusal, with the network's answer.
CREATE TABLE publication_attempts (
  id bigserial PRIMARY KEY,
  publication_id uuid NOT NULL REFERENCES publications(id) ON DELETE CASCADE,
  attempt_id uuid NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  outcome text NOT NULL CHECK (outcome IN ('published','rate_limited','unavailable','auth_expired','rejected','ambiguous',
                                           'found_on_reconcile','absent_on_reconcile','held_by_pause')),
  http_status integer,
  request_id text,
  detail text
);
CREATE INDEX publication_attempts_publication_idx ON publication_attempts(publication_id, id);

-- What went out, as it went out: the start of the records archive.
CREATE TABLE published_archive (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  publication_id uuid NOT NULL UNIQUE REFERENCES publications(id) ON DELETE RESTRICT,
  organisation_id uuid NOT NULL,
  channel_id uuid NOT NULL,
  network text NOT NULL,
  remote_id text NOT NULL,
  url text NOT NULL,
  text text NOT NULL,
  media jsonb NOT NULL DEFAULT '[]'::jsonb,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  published_at timestamptz NOT NULL,
  archived_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX published_archive_org_idx ON published_archive(organisation_id, published_at DESC);

-- Token buckets per (network, account, bucket), shared by every worker process.
CREATE TABLE publishing_rate_buckets (
  network text NOT NULL,
  account_key text NOT NULL,
  bucket text NOT NULL,
  tokens double precision NOT NULL,
  refilled_at timestamptz NOT NULL DEFAULT now(),
  blocked_until timestamptz,
  PRIMARY KEY (network, account_key, bucket)
);

-- The one pause predicate: used by the claim, by the worker's re-check inside the send gate, and
-- by the pause itself when it holds scheduled rows, so they can never disagree.
CREATE FUNCTION publishing_pause_for(p_organisation_id uuid, p_channel_id uuid) RETURNS uuid
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE up AS (
    -- The publication's organisation and the channel's current one (a channel may have moved since).
    SELECT id, parent_id FROM organisations
     WHERE id = p_organisation_id OR id = (SELECT c.organisation_id FROM channels c WHERE c.id = p_channel_id)
    UNION
    SELECT o.id, o.parent_id FROM organisations o JOIN up ON o.id = up.parent_id
  )
  SELECT pp.id FROM publishing_pauses pp
   WHERE pp.lifted_at IS NULL
     AND (pp.scope = 'all'
          OR (pp.scope = 'organisation' AND pp.organisation_id IN (SELECT id FROM up))
          OR (pp.scope = 'channels' AND p_channel_id = ANY (pp.channel_ids)))
   ORDER BY pp.created_at
   LIMIT 1
$$;
