-- Why the last call with a channel's account failed, as a code and its parameters
-- (features/connections/error-text.ts), so the web app can say it in the reader's language;
-- last_error keeps the English sentence. Rows written before this have no code: the web app shows
-- their English text.
ALTER TABLE channel_connections ADD COLUMN last_error_code text;
ALTER TABLE channel_connections ADD COLUMN last_error_params jsonb;
