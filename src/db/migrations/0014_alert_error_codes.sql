-- Why an alert delivery's last attempt failed (features/listening/alert-error-text.ts) and why an
-- impersonation scan's search failed (features/listening/impersonation-error-text.ts), as a code and
-- its parameters, so the web app can say it in the reader's language; last_error and error keep the
-- English sentence. Rows written before this have no code: the web app shows their English text.
ALTER TABLE alert_deliveries ADD COLUMN last_error_code text;
ALTER TABLE alert_deliveries ADD COLUMN last_error_params jsonb;
ALTER TABLE impersonation_scans ADD COLUMN error_code text;
ALTER TABLE impersonation_scans ADD COLUMN error_params jsonb;
