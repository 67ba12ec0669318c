import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Pause } from '../../api/types.js';

/** What a pause covers, in words: "all organisations", "FPS Finance and its sub-organisations", "3 channels". */
export function usePauseScopeText(): (pause: Pick<Pause, 'scope' | 'organisationName' | 'channelIds'>) => string {
  const { t } = useTranslation();
  return useCallback(
    (pause) => {
      if (pause.scope === 'all') return t('crisis.scope.all');
      if (pause.scope === 'organisation') return t('crisis.scope.organisation', { name: pause.organisationName ?? '—' });
      return t('crisis.scope.channels', { count: pause.channelIds.length });
    },
    [t],
  );
}
