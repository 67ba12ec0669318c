/**
 * Dutch (the reference: its type is SourceErrorMessages). One sentence per code of
 * src/features/listening/sources/error-text.ts, with exactly the placeholders of the English one;
 * they follow “Laatste poging mislukt …:”, so they start in lower case.
 */
export const nl = {
  http_status: 'het adres antwoordde {{status}}',
  http_bad_request: 'het adres antwoordde {{status}} (ongeldige aanvraag)',
  http_sign_in_required: 'het adres antwoordde {{status}} (aanmelden vereist)',
  http_access_refused: 'het adres antwoordde {{status}} (toegang geweigerd)',
  http_not_found: 'het adres antwoordde {{status}} (niet gevonden)',
  http_gone: 'het adres antwoordde {{status}} (bestaat niet meer)',
  http_too_many_requests: 'het adres antwoordde {{status}} (te veel aanvragen)',
  http_server_error: 'het adres antwoordde {{status}} (serverfout)',
  private_address: 'het adres verwijst naar een privénetwerk',
  address_refused: 'Kanaal mag dit adres niet lezen ({{message}})',
  host_not_found: 'de server “{{host}}” is niet gevonden',
  connection_failed: 'er kon geen verbinding worden gemaakt met “{{host}}” ({{reason}})',
  fetch_failed: 'het adres kon niet worden gelezen: {{message}}',
  timeout: 'de website antwoordde niet binnen {{seconds}} seconden',
  too_many_redirects: 'het adres verwijst te vaak door',
  feed_too_large: 'de feed is groter dan {{megabytes}} MB',
  page_too_large: 'de pagina is groter dan {{megabytes}} MB',
  feed_charset_unknown: 'de feed gebruikt een tekenset die Kanaal niet kan lezen (“{{charset}}”)',
  page_charset_unknown: 'de pagina gebruikt een tekenset die Kanaal niet kan lezen (“{{charset}}”)',
  feed_charset_invalid: 'de feed zegt {{encodings}} te gebruiken, maar bevat bytes die daarin niet geldig zijn',
  page_charset_invalid: 'de pagina zegt {{encodings}} te gebruiken, maar bevat bytes die daarin niet geldig zijn',

  feed_unreadable: 'de feed kon niet worden gelezen',
  not_a_feed: 'het antwoord is geen RSS-, Atom- of JSON-feed',
  feed_empty: 'het antwoord is geen RSS-, Atom- of JSON-feed (het antwoord is leeg)',
  feed_is_web_page: 'het antwoord is geen RSS-, Atom- of JSON-feed (het is een webpagina)',
  feed_invalid_json: 'de feed is geen geldige JSON',
  feed_invalid_xml: 'de feed is geen goedgevormde XML',

  page_not_modified_first: 'het adres antwoordde 304 (niet gewijzigd) op een eerste aanvraag',
  page_not_html: 'het adres geeft geen webpagina terug (maar {{mediaType}})',
  page_unreadable: 'de pagina kon niet worden gelezen',
  selector_invalid: 'de selector “{{selector}}” is geen geldige CSS-selector',
  selector_empty: 'de selector “{{selector}}” vindt niets op de pagina',

  token_required: 'de server vraagt een toegangssleutel voor deze tijdlijn',
  timeline_missing: 'de server heeft deze tijdlijn niet (HTTP 404)',
  rate_limited: 'de server vraagt om het rustiger aan te doen (HTTP 429)',
  instance_status: 'de server antwoordde HTTP {{status}}',
  invalid_json: 'het antwoord van de server was geen geldige JSON',
  not_a_status_list: 'het antwoord van de server was geen lijst van berichten',

  access_refused: '{{channel}}: het account weigert de toegang (koppel het kanaal opnieuw)',
  notifications_status: '{{channel}}: de server antwoordde {{status}}',
  notifications_invalid_json: '{{channel}}: het antwoord van de server was geen geldige JSON',
  notifications_not_a_list: '{{channel}}: het antwoord van de server was geen lijst van notificaties',
  notifications_address_refused: '{{channel}}: Kanaal mag dit adres niet lezen ({{message}})',
  notifications_unreadable: '{{channel}}: de notificaties konden niet worden gelezen',
  channels_failed: 'meerdere kanalen mislukten: {{message}}',

  stream_start_failed: 'de stroom kon niet worden gestart',
  bluesky_stream: 'Bluesky-stroom: {{message}}',
  mastodon_stream: 'Mastodon-stroom: {{message}}',
  mastodon_catch_up: 'Mastodon, ophalen van gemiste berichten: {{message}}',

  internal_error: 'de bron kon niet worden gelezen (een interne fout, die in het logboek staat)',
};

export type SourceErrorMessages = typeof nl;
