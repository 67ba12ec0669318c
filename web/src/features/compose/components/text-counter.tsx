import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../../i18n/format.js';

/**
 * "212 / 280", turning into an error with words when over. Not a live region itself: the composer
 * announces overflow once per change, not on every keystroke.
 */
export function TextCounter({ count, max, over, id }: { count: number; max: number; over: boolean; id?: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <span id={id} className={over ? 'counter counter--over' : 'counter'}>
      <span>
        {format.number(count)} / {format.number(max)}
      </span>
      {over ? <strong> {t('compose.counter.over', { count: count - max })}</strong> : null}
      <span className="visually-hidden"> {t('compose.counter.label')}</span>
    </span>
  );
}
