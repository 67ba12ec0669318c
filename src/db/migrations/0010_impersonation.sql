-- Impersonation and misuse (features/listening/impersonation-*, claims-*): accounts that look like an
-- official channel, the last search per channel, and mentions that claim to speak for an organisation.
-- PostgreSQL 15 features only; runs unchanged on PGlite. No seeded rows (a restore inserts every row).

-- An account on Mastodon or Bluesky whose handle or display name is confusable with an official
-- channel's and that is not in the registry. One row per (official channel, network, remote id):
-- a later scan updates what it saw (last_seen_at, names, score, evidence). A dismissed candidate
-- stays dismissed unless its handle or display name changed since; a confirmed one stays confirmed.
-- evidence: the lookalike engine's verdicts [{field, candidate, official, score, reasons[]}].
CREATE TABLE impersonation_candidates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  network text NOT NULL CHECK (network IN ('mastodon', 'bluesky')),
  remote_id text NOT NULL CHECK (length(remote_id) > 0),
  handle text NOT NULL,
  display_name text,
  profile_url text,
  avatar_url text,
  score real NOT NULL CHECK (score >= 0 AND score <= 1),
  evidence jsonb NOT NULL CHECK (jsonb_typeof(evidence) = 'array'),
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'dismissed', 'confirmed')),
  decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
  decided_at timestamptz,
  decision_note text,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel_id, network, remote_id),
  CHECK ((status = 'new') = (decided_at IS NULL)),
  CHECK (status <> 'confirmed' OR length(btrim(coalesce(decision_note, ''))) > 0)
);
CREATE INDEX impersonation_candidates_list_idx ON impersonation_candidates(organisation_id, status, score DESC);

-- The last search for look-alikes of each official channel: when, whether it worked, and in plain
-- words why not ("the instance did not answer within 10 s").
CREATE TABLE impersonation_scans (
  channel_id uuid PRIMARY KEY REFERENCES channels(id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  requested_at timestamptz,
  started_at timestamptz,
  finished_at timestamptz,
  ok boolean,
  error text,
  queries integer NOT NULL DEFAULT 0,
  accounts_seen integer NOT NULL DEFAULT 0,
  candidates integer NOT NULL DEFAULT 0,
  last_success_at timestamptz
);
CREATE INDEX impersonation_scans_organisation_idx ON impersonation_scans(organisation_id);

-- A mention whose text claims to speak for an organisation ("Namens Stad Gent: …") from an author
-- outside the registry. organisation_id is the mention's (whose listening found it, for access);
-- named_organisation_id the one it claims to speak for (the same or one below it).
CREATE TABLE mention_claims (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  mention_id uuid NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
  named_organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  named_channel_id uuid REFERENCES channels(id) ON DELETE SET NULL,
  phrase text NOT NULL,
  phrase_language text NOT NULL,
  reference text NOT NULL,
  excerpt text NOT NULL,
  author text,
  author_display_name text,
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'dismissed', 'confirmed')),
  decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
  decided_at timestamptz,
  decision_note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (mention_id, named_organisation_id),
  CHECK ((status = 'new') = (decided_at IS NULL)),
  CHECK (status <> 'confirmed' OR length(btrim(coalesce(decision_note, ''))) > 0)
);
CREATE INDEX mention_claims_list_idx ON mention_claims(organisation_id, status, created_at DESC);

-- How far the claims check has read the mentions table, by (seen_at, id). One row (id = true),
-- created by the first check. The check re-reads the last few minutes on every run, so a mention
-- whose transaction committed after a later one was read is still seen.
CREATE TABLE mention_claims_cursor (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  seen_at timestamptz NOT NULL,
  mention_id uuid NOT NULL,
  checked_at timestamptz NOT NULL DEFAULT now()
);

-- The claims check reads mentions by the time they were stored. A BRIN index (a few pages for
-- millions of rows; seen_at grows with the insert order) costs ingest next to nothing, unlike a B-tree.
CREATE INDEX mentions_seen_at_brin ON mentions USING brin (seen_at);
