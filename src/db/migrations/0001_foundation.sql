-- Foundation: organisations, people and roles, sessions and tokens, the channel registry, audit log.
-- Runs unchanged on PGlite and PostgreSQL 15: no extensions, no features newer than 15.

CREATE TABLE organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  parent_id uuid REFERENCES organisations(id) ON DELETE RESTRICT,
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  names jsonb NOT NULL DEFAULT '{}'::jsonb,
  short_name text,
  website text,
  time_zone text NOT NULL DEFAULT 'Europe/Brussels',
  default_language text NOT NULL DEFAULT 'nl' CHECK (default_language IN ('nl','fr','de','en')),
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX organisations_parent_idx ON organisations(parent_id);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL UNIQUE CHECK (email = lower(email)),
  name text NOT NULL,
  password_hash text,
  locale text NOT NULL DEFAULT 'nl' CHECK (locale IN ('nl','fr','en')),
  is_superadmin boolean NOT NULL DEFAULT false,
  totp_secret_sealed text,
  totp_enabled boolean NOT NULL DEFAULT false,
  oidc_issuer text,
  oidc_subject text,
  disabled_at timestamptz,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz,
  UNIQUE (oidc_issuer, oidc_subject)
);

CREATE TABLE memberships (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('admin','editor_in_chief','communicator','spokesperson','analyst','viewer')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, organisation_id, role)
);
CREATE INDEX memberships_org_idx ON memberships(organisation_id);

CREATE TABLE sessions (
  id text PRIMARY KEY,                -- sha256 of the cookie value; the value itself is never stored
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  ip text,
  user_agent text
);
CREATE INDEX sessions_user_idx ON sessions(user_id);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  prefix text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens(user_id);

CREATE TABLE login_attempts (
  id bigserial PRIMARY KEY,
  key text NOT NULL,                  -- 'ip:…' or 'email:…'
  succeeded boolean NOT NULL,
  attempted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_key_idx ON login_attempts(key, attempted_at);

CREATE TABLE audiences (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  slug text NOT NULL,
  name text NOT NULL,
  names jsonb NOT NULL DEFAULT '{}'::jsonb,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, slug)
);

CREATE TABLE channels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
  network text NOT NULL CHECK (network IN ('mastodon','bluesky','x','facebook','instagram','threads','linkedin','youtube','viva_engage','website','other')),
  handle text NOT NULL,
  display_name text,
  profile_url text,
  languages text[] NOT NULL DEFAULT '{}',
  purpose text,
  visibility text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public','internal')),
  owner_team text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','dormant','archived')),
  follower_count integer CHECK (follower_count IS NULL OR follower_count >= 0),
  follower_unit text NOT NULL DEFAULT 'followers' CHECK (follower_unit IN ('followers','fans','members','subscribers','videos')),
  followers_measured_on date,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (languages <@ ARRAY['nl','fr','de','en']::text[])
);
CREATE UNIQUE INDEX channels_network_handle_uq ON channels(network, lower(handle));
CREATE INDEX channels_org_idx ON channels(organisation_id);

CREATE TABLE channel_audiences (
  channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  audience_id uuid NOT NULL REFERENCES audiences(id) ON DELETE CASCADE,
  PRIMARY KEY (channel_id, audience_id)
);

CREATE TABLE follower_measurements (
  channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  measured_on date NOT NULL,
  follower_count integer NOT NULL CHECK (follower_count >= 0),
  source text NOT NULL DEFAULT 'manual',
  PRIMARY KEY (channel_id, measured_on)
);

-- Append-only. Each row's hash covers its content and the previous row's hash, so the nightly
-- integrity job can tell an edited or deleted row from a clean history. No foreign keys on purpose:
-- deleting an organisation or user must not rewrite (SET NULL) the history that mentions it.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_user_id uuid,
  actor_label text NOT NULL,
  organisation_id uuid,
  action text NOT NULL,
  entity text NOT NULL,
  entity_id text,
  before jsonb,
  after jsonb,
  request_id text,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_org_idx ON audit_log(organisation_id, at DESC);
CREATE INDEX audit_log_entity_idx ON audit_log(entity, entity_id);

CREATE TABLE audit_checks (
  id bigserial PRIMARY KEY,
  checked_at timestamptz NOT NULL DEFAULT now(),
  rows_checked integer NOT NULL,
  ok boolean NOT NULL,
  first_bad_id bigint,
  detail text
);

-- Mail that could not or should not be sent right away (no SMTP_URL): kept, never lost.
CREATE TABLE mail_outbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  to_address text NOT NULL,
  subject text NOT NULL,
  body_text text NOT NULL,
  body_html text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  last_error text
);
