import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../api/types.js';
import { useOrganisations } from '../features/organisations/api/get-organisations.js';
import { buildTree, flattenTree } from '../features/organisations/tree.js';

const STORAGE_KEY = 'kanaal.org';

type OrganisationContextValue = {
  /** The organisation the person is working for; pages use it as their default filter. */
  organisationId: string | null;
  setOrganisationId: (id: string) => void;
  organisations: Organisation[];
  isLoading: boolean;
};

const OrganisationContext = createContext<OrganisationContextValue>({
  organisationId: null,
  setOrganisationId: () => undefined,
  organisations: [],
  isLoading: true,
});

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function OrganisationContextProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const { data, isLoading } = useOrganisations();
  const [chosen, setChosen] = useState<string | null>(readStored);
  const organisations = useMemo(() => data ?? [], [data]);

  const organisationId = useMemo(() => {
    if (chosen && organisations.some((organisation) => organisation.id === chosen)) return chosen;
    // Default: the first top-level organisation the person can see.
    return flattenTree(buildTree(organisations, i18n.resolvedLanguage))[0]?.id ?? null;
  }, [chosen, organisations, i18n.resolvedLanguage]);

  const setOrganisationId = useCallback((id: string) => {
    setChosen(id);
    try {
      localStorage.setItem(STORAGE_KEY, id);
    } catch {
      // Storage unavailable: the choice lasts for this page only.
    }
  }, []);

  const value = useMemo(
    () => ({ organisationId, setOrganisationId, organisations, isLoading }),
    [organisationId, setOrganisationId, organisations, isLoading],
  );
  return <OrganisationContext.Provider value={value}>{children}</OrganisationContext.Provider>;
}

export function useOrganisationContext(): OrganisationContextValue {
  return useContext(OrganisationContext);
}
