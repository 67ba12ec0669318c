-- Why a listening source failed, as a code and its parameters (sources/error-text.ts), so the web app
-- can say it in the reader's language; last_error keeps the English sentence. Rows written before
-- this have no code: the web app shows their English text.
ALTER TABLE listening_sources ADD COLUMN last_error_code text;
ALTER TABLE listening_sources ADD COLUMN last_error_params jsonb;
