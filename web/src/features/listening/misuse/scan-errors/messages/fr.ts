import type { ScanErrorMessages } from './nl.js';

// French typography: a no-break space (\u00a0) inside « » and before : ; ? !
export const fr: ScanErrorMessages = {
  handle_not_mastodon: 'l’identifiant {{handle}} n’est pas une adresse Mastodon (@utilisateur@serveur)',
  instance_private_address:
    'l’adresse du serveur {{address}} ne peut pas être utilisée\u00a0: elle mène à un réseau privé ou interne, que Kanaal n’est pas autorisé à joindre',
  instance_address_refused: 'l’adresse du serveur {{address}} ne peut pas être utilisée\u00a0: {{message}}',
  instance_not_found: 'le serveur Mastodon {{host}} est introuvable',

  token_refused: 'le serveur Mastodon refuse le jeton d’accès du canal\u00a0: reconnectez le canal',
  sign_in_required:
    'le serveur Mastodon ne permet la recherche qu’aux comptes connectés\u00a0: connectez le canal pour que Kanaal recherche avec son jeton',
  token_not_permitted:
    'le jeton d’accès du canal n’a pas le droit de rechercher (il lui faut la permission read ou read:search)\u00a0: reconnectez le canal',

  instance_timeout: 'le serveur Mastodon n’a pas répondu dans les {{seconds}}\u00a0secondes',
  instance_rate_limited: 'le serveur Mastodon demande de ralentir (HTTP 429)',
  instance_rate_limited_retry: 'le serveur Mastodon demande de ralentir (HTTP 429)\u00a0; réessayez dans {{seconds}}\u00a0secondes',
  instance_unreachable: 'impossible de se connecter au serveur Mastodon',
  instance_refused_search: 'le serveur Mastodon refuse la recherche (HTTP {{status}})\u00a0: {{message}}',
  instance_status: 'le serveur Mastodon a répondu par une erreur (HTTP {{status}})',
  instance_unusable_answer: 'la réponse du serveur Mastodon n’était pas utilisable ({{message}})',

  bluesky_timeout: 'le service de recherche de Bluesky n’a pas répondu dans les {{seconds}}\u00a0secondes',
  bluesky_rate_limited: 'le service de recherche de Bluesky demande de ralentir (HTTP 429)',
  bluesky_rate_limited_retry:
    'le service de recherche de Bluesky demande de ralentir (HTTP 429)\u00a0; réessayez dans {{seconds}}\u00a0secondes',
  bluesky_unreachable: 'impossible de se connecter au service de recherche de Bluesky',
  bluesky_refused_request: 'le service de recherche de Bluesky refuse la requête (HTTP {{status}})',
  bluesky_refused_search: 'le service de recherche de Bluesky refuse la recherche (HTTP {{status}})\u00a0: {{message}}',
  bluesky_status: 'le service de recherche de Bluesky a répondu par une erreur (HTTP {{status}})',
  bluesky_unusable_answer: 'la réponse du service de recherche de Bluesky n’était pas utilisable ({{message}})',

  unexpected: 'la recherche a échoué pour une raison que Kanaal n’attendait pas (voir le journal du serveur)',
};
