/**
 * Dutch (the reference: its type is DeliveryErrorMessages). One sentence per code of
 * src/features/listening/alert-error-text.ts, with exactly the placeholders of the English one;
 * they stand alone under a delivery's state and start in lower case, as the English does.
 */
export const nl = {
  mail_refused: 'de mailserver heeft het bericht niet aangenomen: {{message}}',
  message_gone: 'het meldingsbericht bestaat niet meer',
  outbox_write_failed: 'de e-mail kon niet in de uitgaande post worden gezet: {{message}}',
  outbox_missing: 'de e-mail is niet in de uitgaande post terechtgekomen',

  webhook_removed: 'de regel heeft geen webhook meer',
  webhook_secret_unreadable:
    'de geheime sleutel van de webhook kan niet meer worden gelezen (is KANAAL_SECRET_KEY gewijzigd?); stel de sleutel opnieuw in op de regel',
  private_address: 'het adres van de webhook verwijst naar een privé- of intern netwerk, dat Kanaal niet mag bereiken',
  address_refused: 'Kanaal mag dit adres niet bereiken ({{message}})',

  receiver_rate_limited: 'de ontvanger vraagt om het rustiger aan te doen (HTTP 429): {{message}}',
  receiver_refused_signature: 'de ontvanger weigert de handtekening (HTTP {{status}}): is de geheime sleutel aan beide kanten dezelfde?',
  receiver_redirects: 'de ontvanger verwijst door naar {{location}}; stel dat adres in op de regel',
  receiver_status: 'de ontvanger antwoordde {{status}}: {{message}}',

  receiver_unreachable: 'de ontvanger kon niet worden bereikt ({{code}}): {{message}}',
  receiver_no_answer: 'geen antwoord van de ontvanger ({{code}}): {{message}}',
  webhook_failed: 'de oproep van de webhook is mislukt: {{message}}',

  attempt_interrupted: 'een poging werd onderbroken (de verwerking stopte); er volgt een nieuwe poging',
  delivery_failed: 'de verzending is mislukt: {{message}}',
};

export type DeliveryErrorMessages = typeof nl;
