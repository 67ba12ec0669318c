-- Connecting channels to their accounts (features/connections).

-- Kanaal's app registration per Mastodon instance (one per instance and redirect address, reused
-- for every account there). The client secret is sealed (associated data = network|instance).
CREATE TABLE oauth_app_registrations (
  network text NOT NULL,
  instance_url text NOT NULL,
  redirect_uri text NOT NULL,
  client_id text NOT NULL,
  client_secret_sealed text NOT NULL,
  scopes text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (network, instance_url, redirect_uri)
);

-- A connection under way: the person was sent to the network and comes back with `state`. Only the
-- SHA-256 of the state is kept; what the callback needs (PKCE verifier, app) is sealed.
CREATE TABLE connection_attempts (
  state_sha256 text PRIMARY KEY CHECK (state_sha256 ~ '^[0-9a-f]{64}$'),
  channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  network text NOT NULL,
  pending_sealed text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX connection_attempts_expires_idx ON connection_attempts(expires_at);

-- When the current token was issued: renewals happen at half its life (see connections/refresh.ts).
ALTER TABLE channel_connections ADD COLUMN token_issued_at timestamptz;
CREATE INDEX channel_connections_expiry_idx ON channel_connections(token_expires_at) WHERE token_expires_at IS NOT NULL;

-- A renewal under way (see connections/accounts.ts renewCredentials): networks that rotate
-- refresh tokens (X, Microsoft) spend the old one, so two renewals at once would lock a channel out.
ALTER TABLE channel_connections ADD COLUMN renewing_until timestamptz;
