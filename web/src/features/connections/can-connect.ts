import type { Me, Organisation, Role } from '../../api/types.js';

const CONNECT_ROLES: readonly Role[] = ['admin', 'editor_in_chief'];

/**
 * Mirrors the API's capability table (kit/access.ts `channels.connect`): connecting an official
 * account lets Kanaal speak as it, so only administrators and editors in chief (held here or higher
 * up: `myRoles` includes inherited roles) may connect, check or disconnect. Everyone may look.
 */
export function canConnect(me: Me, organisation: Pick<Organisation, 'myRoles'> | undefined): boolean {
  return me.user.isSuperadmin || Boolean(organisation?.myRoles.some((role) => CONNECT_ROLES.includes(role)));
}
