-- Listening (features/listening): sources, watchlists, mentions and their matches, retention.
-- PostgreSQL 15 features only; runs unchanged on PGlite. No generated or GENERATED ALWAYS columns:
-- the logical backup (app/backup.ts) re-inserts every column as data.

-- Per-organisation listening settings. `watchlist_version` goes up in the transaction that changes
-- any of the organisation's watchlists, so every process rebuilds its compiled matcher on its next batch.
CREATE TABLE listening_settings (
  organisation_id uuid PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
  retention_days integer NOT NULL DEFAULT 365 CHECK (retention_days BETWEEN 1 AND 3650),
  watchlist_version bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Where mentions come from. `settings` holds the kind's options (url, selector, instance, hashtags,
-- languages …, validated in source-settings.ts); `state` what a reader needs next time (HTTP
-- validators, page hash and text, Jetstream cursor, last Mastodon status ids).
CREATE TABLE listening_sources (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('feed', 'page', 'mastodon', 'bluesky', 'own_mentions')),
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  settings jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(settings) = 'object'),
  active boolean NOT NULL DEFAULT true,
  poll_interval_seconds integer NOT NULL DEFAULT 900 CHECK (poll_interval_seconds BETWEEN 60 AND 86400),
  silent_after_hours integer CHECK (silent_after_hours IS NULL OR silent_after_hours BETWEEN 1 AND 8760),
  state jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(state) = 'object'),
  last_polled_at timestamptz,
  last_success_at timestamptz,
  last_error text,
  last_error_at timestamptz,
  last_item_at timestamptz,
  items_seen bigint NOT NULL DEFAULT 0,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX listening_sources_organisation_idx ON listening_sources(organisation_id);
CREATE INDEX listening_sources_due_idx ON listening_sources(kind, last_polled_at) WHERE active;

CREATE TABLE watchlists (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  query text NOT NULL CHECK (length(query) <= 10000),
  active boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, name)
);

-- One row per item per organisation, however many sources saw it (dedup_key: see mention-keys.ts).
-- source_id: the source that brought it first (no foreign key and no index, to keep ingest to one
-- row write per item; a deleted source simply no longer shows); mention_sources: the other sources.
-- occurred_at = the item's publication time, never later than when it was stored: the sort and
-- retention clock. search_config is the text-search configuration for its language.
CREATE TABLE mentions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  dedup_key text NOT NULL,
  source_id uuid,
  kind text NOT NULL,
  external_id text NOT NULL,
  url text,
  author text,
  author_display_name text,
  title text,
  text text NOT NULL,
  language text,
  search_config regconfig NOT NULL DEFAULT 'simple',
  published_at timestamptz,
  occurred_at timestamptz NOT NULL,
  seen_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, dedup_key)
);
CREATE INDEX mentions_timeline_idx ON mentions(organisation_id, occurred_at DESC, id DESC);
CREATE INDEX mentions_search_idx ON mentions USING gin (to_tsvector(search_config, text));

-- Further sources that saw a mention (the first one is mentions.source_id).
CREATE TABLE mention_sources (
  mention_id uuid NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
  source_id uuid NOT NULL REFERENCES listening_sources(id) ON DELETE CASCADE,
  external_id text NOT NULL,
  seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (mention_id, source_id)
);
CREATE INDEX mention_sources_source_idx ON mention_sources(source_id);

-- A mention matched by a watchlist, with the query elements that fired (matcher FiredTerm[]) for
-- highlighting and "why did this match". occurred_at is the mention's, copied so a watchlist's
-- timeline pages through its own index.
CREATE TABLE mention_matches (
  mention_id uuid NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
  watchlist_id uuid NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL, -- the mention's (its foreign key cascades); no check of its own on this hot path
  fired jsonb NOT NULL CHECK (jsonb_typeof(fired) = 'array'),
  occurred_at timestamptz NOT NULL,
  matched_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (mention_id, watchlist_id)
);
CREATE INDEX mention_matches_watchlist_idx ON mention_matches(watchlist_id, occurred_at DESC, mention_id DESC);
