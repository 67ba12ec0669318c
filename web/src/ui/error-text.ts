import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.js';

/**
 * Turns any failure into a sentence for people: a translated explanation by error code, plus the
 * server's own (specific) message where it tells the person what to fix.
 */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback(
    (error: unknown) => {
      if (!isApiError(error)) return t('errors.unexpected');
      switch (error.code) {
        case 'network':
          return t('errors.network');
        case 'unauthorized':
          return t('errors.unauthorized');
        case 'forbidden':
          return t('errors.forbidden');
        case 'not_found':
          return t('errors.notFound');
        case 'rate_limited':
          return error.retryAfterSeconds ? t('errors.rateLimitedFor', { seconds: error.retryAfterSeconds }) : t('errors.rateLimited');
        case 'internal':
          return t('errors.internal', { detail: error.message });
        case 'conflict':
          return t('errors.conflict', { detail: error.message });
        default:
          if (error.status >= 500) return t('errors.internal', { detail: error.message });
          return t('errors.rejected', { detail: error.message });
      }
    },
    [t],
  );
}
