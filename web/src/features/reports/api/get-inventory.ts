import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, buildUrl } from '../../../api/client.js';
import type { InventoryReport, UiLocale } from '../../../api/types.js';

export type InventoryParams = { organisationId: string; lang: UiLocale };

/** The inventory of an organisation's subtree: per organisation, its networks, audiences, languages and followers. */
export function getInventory({ organisationId, lang }: InventoryParams, signal?: AbortSignal): Promise<InventoryReport> {
  return api.get<InventoryReport>('/api/reports/inventory', { organisationId, lang }, signal);
}

export const inventoryQueryOptions = (params: InventoryParams) =>
  queryOptions({
    queryKey: ['reports', 'inventory', params],
    queryFn: ({ signal }) => getInventory(params, signal),
    placeholderData: keepPreviousData,
  });

export function useInventory(params: InventoryParams | null) {
  return useQuery({ ...inventoryQueryOptions(params ?? { organisationId: '', lang: 'nl' }), enabled: params !== null });
}

/** The same report as CSV (one row per channel), downloaded with the session cookie. */
export const inventoryCsvUrl = ({ organisationId, lang }: InventoryParams) =>
  buildUrl('/api/reports/inventory.csv', { organisationId, lang });

/** The server-rendered print version (opens in a new tab). */
export const inventoryPrintUrl = ({ organisationId, lang }: InventoryParams) =>
  buildUrl('/reports/inventory/print', { organisationId, lang });
