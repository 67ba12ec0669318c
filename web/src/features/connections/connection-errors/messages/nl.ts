/**
 * Dutch (the reference: its type is ConnectionErrorMessages). One sentence per code of
 * src/features/connections/error-text.ts, with exactly the placeholders of the English one; they
 * follow “Laatste oproep mislukt (…):” and “De koppeling met … werkt niet:”, so they start in lower case.
 */
export const nl = {
  credentials_refused: 'het netwerk aanvaardt de toegang van het kanaal niet meer ({{message}}); koppel het kanaal opnieuw',
  permission_missing: 'het account mag dit niet doen bij het netwerk ({{message}})',
  rate_limited: 'het netwerk vraagt Kanaal om het rustiger aan te doen ({{message}})',
  rate_limited_wait: 'het netwerk vraagt Kanaal om {{seconds}} seconden te wachten voor de volgende oproep ({{message}})',
  unreachable: 'het netwerk was niet bereikbaar ({{message}})',
  no_clear_answer: 'het netwerk gaf geen duidelijk antwoord ({{message}})',
  request_refused: 'het netwerk weigerde de aanvraag ({{message}})',
  post_refused: 'het netwerk weigerde het bericht ({{message}})',
  post_unconfirmed: 'het netwerk gaf geen duidelijk antwoord ({{message}}); Kanaal gaat na of het bericht toch verschenen is',
  unexpected: 'er ging onverwacht iets mis ({{message}})',

  renewal_failed: 'de toegang kon niet worden vernieuwd ({{message}}); koppel het kanaal opnieuw vóór {{expiresAt}}',
};

export type ConnectionErrorMessages = typeof nl;
