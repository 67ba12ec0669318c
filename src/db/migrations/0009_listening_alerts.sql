-- Alerts per watchlist (features/listening/alert-*.ts): rules, the messages they produced, and every
-- delivery of those messages (the accountability log and, for e-mail and webhooks, the retry queue).
-- PostgreSQL 15 features only; runs unchanged on PGlite. No generated columns, no seeded rows.

-- A rule sends alerts about one watchlist's matches:
--   every          each match as it arrives (a burst of more than 20 in a minute: one grouped message)
--   digest_hourly  at the top of every hour in the organisation's time zone, everything since the last
--   digest_daily   daily at digest_hour:00 in the organisation's time zone, everything since the last
--   spike          when the matches of the last spike_window_minutes (by publication time) are at least
--                  spike_minimum and at least spike_factor × the baseline: the mean number per window
--                  over the 7 days before the window (or since the watchlist exists, if younger)
-- Targets: e-mail recipients, one signed webhook (secret sealed with kit/crypto, associated data
-- "alert-rule:<id>"), in-app (the live stream and the notifications list).
-- The cursor (cursor_matched_at, cursor_mention_id) is the last mention_matches row handed over,
-- in (matched_at, mention_id) order; it only moves in the transaction that writes the messages
-- and deliveries for the rows before it (see alert-cursor.ts for why no row can slip behind it).
CREATE TABLE alert_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  watchlist_id uuid NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(btrim(name)) > 0),
  mode text NOT NULL CHECK (mode IN ('every', 'digest_hourly', 'digest_daily', 'spike')),
  spike_factor double precision NOT NULL DEFAULT 3 CHECK (spike_factor >= 1.5 AND spike_factor <= 100),
  spike_minimum integer NOT NULL DEFAULT 5 CHECK (spike_minimum BETWEEN 1 AND 100000),
  spike_window_minutes integer NOT NULL DEFAULT 60 CHECK (spike_window_minutes BETWEEN 15 AND 1440),
  digest_hour smallint NOT NULL DEFAULT 8 CHECK (digest_hour BETWEEN 0 AND 23),
  email_recipients text[] NOT NULL DEFAULT '{}',
  webhook_url text,
  webhook_secret_sealed text,
  in_app boolean NOT NULL DEFAULT true,
  active boolean NOT NULL DEFAULT true,
  cursor_matched_at timestamptz NOT NULL DEFAULT now(),
  cursor_mention_id uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000',
  next_digest_at timestamptz,
  last_digest_at timestamptz,
  last_spike_at timestamptz,
  last_alert_at timestamptz,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((webhook_url IS NULL) = (webhook_secret_sealed IS NULL)),
  CHECK (in_app OR webhook_url IS NOT NULL OR cardinality(email_recipients) > 0)
);
CREATE INDEX alert_rules_watchlist_idx ON alert_rules(watchlist_id);
CREATE INDEX alert_rules_active_idx ON alert_rules(organisation_id) WHERE active;

-- One message a rule produced. trigger: match (one mention), burst (a grouped run of matches),
-- digest, spike, test. mention_ids: the mentions shown (at most 20); match_count: how many it
-- stands for. spike: {count, baseline, factor, ratio, windowMinutes, minimumCount, baselineFrom,
-- baselineTo} so the interface can say why it fired. in_app: shown in the live stream and the
-- notifications list. Kept as long as the organisation keeps mentions (retention_days).
CREATE TABLE alert_messages (
  id bigserial PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  rule_id uuid NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
  watchlist_id uuid NOT NULL,
  trigger text NOT NULL CHECK (trigger IN ('match', 'burst', 'digest', 'spike', 'test')),
  match_count integer NOT NULL CHECK (match_count >= 0),
  mention_ids uuid[] NOT NULL DEFAULT '{}',
  period_from timestamptz,
  period_to timestamptz,
  spike jsonb CHECK (spike IS NULL OR jsonb_typeof(spike) = 'object'),
  language text NOT NULL,
  subject text NOT NULL,
  body_text text NOT NULL,
  body_html text,
  in_app boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_messages_rule_idx ON alert_messages(rule_id, created_at DESC);
CREATE INDEX alert_messages_in_app_idx ON alert_messages(organisation_id, created_at, id) WHERE in_app;

-- One delivery of a message to one target: an e-mail address, the webhook, or in-app.
-- status: pending (waiting for its attempt at next_attempt_at), sending (claimed at claimed_at by a
-- worker), sent, queued (e-mail kept in the mail outbox: no SMTP server configured), failed (gave
-- up; last_error says why in plain words). E-mail: outbox_id is the mail_outbox row that took it.
-- Webhook: body is the exact JSON sent on every attempt (signed afresh each time).
CREATE TABLE alert_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  message_id bigint NOT NULL REFERENCES alert_messages(id) ON DELETE CASCADE,
  rule_id uuid NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'webhook', 'in_app')),
  target text,
  status text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'queued', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 1 CHECK (max_attempts >= 1),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  claimed_at timestamptz,
  last_error text,
  response_status integer,
  body text,
  outbox_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX alert_deliveries_rule_idx ON alert_deliveries(rule_id, created_at DESC, id DESC);
CREATE INDEX alert_deliveries_due_idx ON alert_deliveries(next_attempt_at) WHERE status IN ('pending', 'sending');

-- Reading matches in arrival order, per organisation: the alert cursors and the live stream's
-- catch-up. One more index on the ingest path (measured by npm run bench -- ingest).
CREATE INDEX mention_matches_arrival_idx ON mention_matches(organisation_id, matched_at, mention_id);

-- Alert e-mails go through the kit's mailer (outbox row first, then SMTP). After an interrupted
-- hand-over the alert runner looks for its outbox row by address and reference before sending
-- again, so that lookup needs an index.
CREATE INDEX mail_outbox_to_idx ON mail_outbox(to_address, created_at DESC);
