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

/** Mirrors the API's capability table (kit/access.ts) to show only the actions that will be allowed. */
export const can = {
  writeRegistry: (me: Me, organisation: Pick<Organisation, 'myRoles'> | undefined) =>
    me.user.isSuperadmin || Boolean(organisation?.myRoles.some((role) => WRITE_ROLES.includes(role))),
  manageOrganisation: (me: Me, organisation: Pick<Organisation, 'myRoles'> | undefined) =>
    me.user.isSuperadmin || Boolean(organisation?.myRoles.includes('admin')),
  createRootOrganisation: (me: Me) => me.user.isSuperadmin,
  /** Audit log and people management: admins somewhere, or the installation administrator. */
  readAudit: (me: Me) => me.user.isSuperadmin || me.memberships.some((membership) => membership.role === 'admin'),
};
