import type { ConnectionErrorMessages } from './nl.js';

// French typography: a no-break space (\u00a0) before ; : ? ! and between a number and its unit.
export const fr: ConnectionErrorMessages = {
  credentials_refused: 'le réseau n’accepte plus l’accès du canal ({{message}})\u00a0; reconnectez le canal',
  permission_missing: 'le compte n’est pas autorisé à faire ceci sur le réseau ({{message}})',
  rate_limited: 'le réseau demande à Kanaal de ralentir ({{message}})',
  rate_limited_wait: 'le réseau demande à Kanaal d’attendre {{seconds}}\u00a0secondes avant le prochain appel ({{message}})',
  unreachable: 'le réseau n’a pas pu être joint ({{message}})',
  no_clear_answer: 'le réseau n’a pas donné de réponse claire ({{message}})',
  request_refused: 'le réseau a refusé la requête ({{message}})',
  post_refused: 'le réseau a refusé la publication ({{message}})',
  post_unconfirmed: 'le réseau n’a pas donné de réponse claire ({{message}})\u00a0; Kanaal vérifie si la publication est parue',
  unexpected: 'une erreur inattendue s’est produite ({{message}})',

  renewal_failed: 'l’accès n’a pas pu être renouvelé ({{message}})\u00a0; reconnectez le canal avant le {{expiresAt}}',
};
