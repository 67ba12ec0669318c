import type { DeliveryErrorMessages } from './nl.js';

// French typography: a no-break space (\u00a0) inside « » and before : ; ? !
export const fr: DeliveryErrorMessages = {
  mail_refused: 'le serveur de messagerie n’a pas accepté le message\u00a0: {{message}}',
  message_gone: 'le message d’alerte n’existe plus',
  outbox_write_failed: 'l’e-mail n’a pas pu être placé dans la boîte d’envoi\u00a0: {{message}}',
  outbox_missing: 'l’e-mail n’est pas arrivé dans la boîte d’envoi',

  webhook_removed: 'la règle n’a plus de webhook',
  webhook_secret_unreadable:
    'la clé secrète du webhook ne peut plus être lue (KANAAL_SECRET_KEY a-t-elle changé\u00a0?)\u00a0; saisissez à nouveau la clé dans la règle',
  private_address: 'l’adresse du webhook mène à un réseau privé ou interne, que Kanaal n’est pas autorisé à joindre',
  address_refused: 'Kanaal n’est pas autorisé à joindre cette adresse ({{message}})',

  receiver_rate_limited: 'le destinataire demande de ralentir (HTTP 429)\u00a0: {{message}}',
  receiver_refused_signature:
    'le destinataire refuse la signature (HTTP {{status}})\u00a0: la clé secrète est-elle la même des deux côtés\u00a0?',
  receiver_redirects: 'le destinataire redirige vers {{location}}\u00a0; indiquez cette adresse dans la règle',
  receiver_status: 'le destinataire a répondu {{status}}\u00a0: {{message}}',

  receiver_unreachable: 'impossible de joindre le destinataire ({{code}})\u00a0: {{message}}',
  receiver_no_answer: 'pas de réponse du destinataire ({{code}})\u00a0: {{message}}',
  webhook_failed: 'l’appel du webhook a échoué\u00a0: {{message}}',

  attempt_interrupted: 'une tentative a été interrompue (le traitement s’est arrêté)\u00a0; une nouvelle tentative suit',
  delivery_failed: 'l’envoi a échoué\u00a0: {{message}}',
};
