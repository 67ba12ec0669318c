import type { Me, Organisation, Role } from '../../api/types.js';

const MANAGE_ROLES: readonly Role[] = ['admin', 'editor_in_chief', 'communicator'];

/**
 * Mirrors the API's capability table (kit/access.ts `listening.manage`): administrators, editors in
 * chief and communicators (held here or higher up: `myRoles` includes inherited roles) may change
 * sources, watchlists and the retention period, and check a source now. Everyone else may look.
 */
export function canManageListening(me: Me, organisation: Pick<Organisation, 'myRoles'> | undefined): boolean {
  return me.user.isSuperadmin || Boolean(organisation?.myRoles.some((role) => MANAGE_ROLES.includes(role)));
}
