/**
 * Dutch (the reference: its type is ScanErrorMessages). One sentence per code of
 * src/features/listening/impersonation-error-text.ts, with exactly the placeholders of the English
 * one; they follow “De zoekronde van … is mislukt:”, so they start in lower case.
 */
export const nl = {
  handle_not_mastodon: 'de gebruikersnaam {{handle}} is geen Mastodon-adres (@gebruiker@server)',
  instance_private_address:
    'het serveradres {{address}} kan niet worden gebruikt: het verwijst naar een privé- of intern netwerk, dat Kanaal niet mag bereiken',
  instance_address_refused: 'het serveradres {{address}} kan niet worden gebruikt: {{message}}',
  instance_not_found: 'de Mastodon-server {{host}} is niet gevonden',

  token_refused: 'de Mastodon-server weigert de toegangssleutel van het kanaal: koppel het kanaal opnieuw',
  sign_in_required:
    'de Mastodon-server laat alleen aangemelde accounts zoeken: koppel het kanaal, dan zoekt Kanaal met de toegangssleutel ervan',
  token_not_permitted:
    'de toegangssleutel van het kanaal mag niet zoeken (daarvoor is de toestemming read of read:search nodig): koppel het kanaal opnieuw',

  instance_timeout: 'de Mastodon-server antwoordde niet binnen {{seconds}} seconden',
  instance_rate_limited: 'de Mastodon-server vraagt om het rustiger aan te doen (HTTP 429)',
  instance_rate_limited_retry:
    'de Mastodon-server vraagt om het rustiger aan te doen (HTTP 429); probeer het opnieuw over {{seconds}} seconden',
  instance_unreachable: 'er kon geen verbinding worden gemaakt met de Mastodon-server',
  instance_refused_search: 'de Mastodon-server weigert de zoekopdracht (HTTP {{status}}): {{message}}',
  instance_status: 'de Mastodon-server antwoordde met een fout (HTTP {{status}})',
  instance_unusable_answer: 'het antwoord van de Mastodon-server was niet bruikbaar ({{message}})',

  bluesky_timeout: 'de zoekdienst van Bluesky antwoordde niet binnen {{seconds}} seconden',
  bluesky_rate_limited: 'de zoekdienst van Bluesky vraagt om het rustiger aan te doen (HTTP 429)',
  bluesky_rate_limited_retry:
    'de zoekdienst van Bluesky vraagt om het rustiger aan te doen (HTTP 429); probeer het opnieuw over {{seconds}} seconden',
  bluesky_unreachable: 'er kon geen verbinding worden gemaakt met de zoekdienst van Bluesky',
  bluesky_refused_request: 'de zoekdienst van Bluesky weigert de aanvraag (HTTP {{status}})',
  bluesky_refused_search: 'de zoekdienst van Bluesky weigert de zoekopdracht (HTTP {{status}}): {{message}}',
  bluesky_status: 'de zoekdienst van Bluesky antwoordde met een fout (HTTP {{status}})',
  bluesky_unusable_answer: 'het antwoord van de zoekdienst van Bluesky was niet bruikbaar ({{message}})',

  unexpected: 'de zoekopdracht is mislukt om een reden die Kanaal niet verwachtte (zie het logboek van de server)',
};

export type ScanErrorMessages = typeof nl;
