import type { SaidText } from '../../../../i18n/coded-text.js';
import { useUiLocale } from '../../../../i18n/use-ui-locale.js';
import type { AlertDelivery } from '../types.js';
import { deliveryErrorText } from './delivery-error-text.js';

/** deliveryErrorText in the interface language of the moment (kept apart: delivery-error-text.ts is also tested under Node). */
export function useDeliveryErrorText(): (
  delivery: Pick<AlertDelivery, 'lastErrorCode' | 'lastErrorParams'> & { lastError: string },
) => SaidText {
  const locale = useUiLocale();
  return (delivery) => deliveryErrorText(locale, delivery.lastErrorCode, delivery.lastErrorParams, delivery.lastError);
}
