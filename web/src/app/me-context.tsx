import { createContext, useContext } from 'react';
import type { Me, Organisation, Role } from '../api/types.js';

export const MeContext = createContext<Me | null>(null);

/** The signed-in person; only used below the app shell, which renders after the session is known. */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe() used outside the signed-in app shell');
  return me;
}

const WRITE_ROLES: readonly Role[] = ['admin', 'editor_in_chief', 'communicator'];
const PAUSE_ROLES: readonly Role[] = ['admin', 'editor_in_chief'];

/** Mirrors the API's capability table (kit/access.ts) to show only the actions that will be allowed. */
export const can = {
  writeRegistry: (me: Me, organisation: Pick<Organisation, 'myRoles'> | undefined) =>
    me.user.isSuperadmin || Boolean(organisation?.myRoles.some((role) => WRITE_ROLES.includes(role))),
  manageOrganisation: (me: Me, organisation: Pick<Organisation, 'myRoles'> | undefined) =>
    me.user.isSuperadmin || Boolean(organisation?.myRoles.includes('admin')),
  createRootOrganisation: (me: Me) => me.user.isSuperadmin,
  /** Audit log and people management: admins somewhere, or the installation administrator. */
  readAudit: (me: Me) => me.user.isSuperadmin || me.memberships.some((membership) => membership.role === 'admin'),
  /** `publishing.pause` on this organisation (roles held higher up are in `myRoles` too): pause, lift, handle held posts. */
  pausePublishing: (me: Me, organisation: Pick<Organisation, 'myRoles'> | undefined) =>
    me.user.isSuperadmin || Boolean(organisation?.myRoles.some((role) => PAUSE_ROLES.includes(role))),
  /** Scope "everything": only the installation administrator. */
  pauseEverything: (me: Me) => me.user.isSuperadmin,
  /** May pause somewhere: decides whether the crisis page shows its forms at all. */
  pauseAnywhere: (me: Me) => me.user.isSuperadmin || me.memberships.some((membership) => PAUSE_ROLES.includes(membership.role)),
};
