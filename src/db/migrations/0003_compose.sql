-- Compose and approvals: posts with language and per-channel variants, the media library, per-organisation
-- lint and UTM settings, approval workflows with ordered steps, and every approval decision.
-- PostgreSQL 15 features only (runs unchanged on PGlite).

CREATE TABLE posts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
  title text NOT NULL DEFAULT '',
  base_text text NOT NULL DEFAULT '',
  topic text,
  state text NOT NULL DEFAULT 'draft'
    CHECK (state IN ('draft','in_review','approved','scheduled','published','cancelled')),
  planned_at timestamptz,
  time_zone text NOT NULL,
  -- Bumped on every content edit; approval decisions name the version they were made on.
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  -- Start of the current review round: decisions count only for this version and round, so a post
  -- rejected and submitted again unchanged is reviewed afresh.
  submitted_at timestamptz,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX posts_org_state_idx ON posts(organisation_id, state);

-- Language variants: the text for channels of that language.
CREATE TABLE post_texts (
  post_id uuid NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  language text NOT NULL CHECK (language IN ('nl','fr','de','en')),
  text text NOT NULL,
  PRIMARY KEY (post_id, language)
);

-- Channels of a post and their per-channel variants. Final text = text_override ?? the post text in
-- the channel's language ?? base_text.
CREATE TABLE post_channels (
  post_id uuid NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE RESTRICT,
  position integer NOT NULL DEFAULT 0,
  text_override text,
  media_ids uuid[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (post_id, channel_id)
);
CREATE INDEX post_channels_channel_idx ON post_channels(channel_id);

CREATE TABLE media_assets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
  file_name text NOT NULL,
  mime_type text NOT NULL,
  byte_size bigint NOT NULL CHECK (byte_size > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  -- Relative path inside KANAAL_DATA_DIR/media (the SHA-256: identical files are stored once).
  storage_key text NOT NULL,
  alt_texts jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX media_assets_org_idx ON media_assets(organisation_id, created_at DESC);

CREATE TABLE compose_settings (
  organisation_id uuid PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
  lint jsonb NOT NULL DEFAULT '{}'::jsonb,
  utm jsonb NOT NULL DEFAULT '{}'::jsonb,
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE approval_workflows (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL UNIQUE REFERENCES organisations(id) ON DELETE CASCADE,
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE approval_steps (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workflow_id uuid NOT NULL REFERENCES approval_workflows(id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position >= 1),
  name text NOT NULL,
  role text CHECK (role IN ('admin','editor_in_chief','communicator','spokesperson','analyst','viewer')),
  user_ids uuid[] NOT NULL DEFAULT '{}',
  rule text NOT NULL DEFAULT 'any' CHECK (rule IN ('any','all')),
  CHECK (role IS NOT NULL OR cardinality(user_ids) > 0),
  UNIQUE (workflow_id, position)
);

-- Append-only. step_id is kept as a plain reference: replacing a workflow deletes its steps, and the
-- decisions made under them stay on record (step_name keeps what the step was called).
CREATE TABLE approval_decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  post_id uuid NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  post_version integer NOT NULL,
  step_id uuid NOT NULL,
  step_name text NOT NULL,
  user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  decision text NOT NULL CHECK (decision IN ('approve','reject')),
  comment text NOT NULL DEFAULT '',
  decided_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX approval_decisions_post_idx ON approval_decisions(post_id, post_version);
