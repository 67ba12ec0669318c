import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { ImportReport } from '../../../api/types.js';
import { channelsQueryKey } from './get-channels.js';

export type ImportChannelsInput = { organisationId: string; csv: string; dryRun: boolean };

/** Sends CSV text; a dry run reports what would change without writing anything. */
export function importChannels({ organisationId, csv, dryRun }: ImportChannelsInput): Promise<ImportReport> {
  return api.postText<ImportReport>('/api/channels/import', csv, 'text/csv; charset=utf-8', { organisationId, dryRun });
}

export function useImportChannels() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: importChannels,
    onSuccess: (report) => {
      if (report.dryRun) return;
      void queryClient.invalidateQueries({ queryKey: ['organisations'] });
      return queryClient.invalidateQueries({ queryKey: channelsQueryKey });
    },
  });
}
