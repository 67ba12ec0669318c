import { Link } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Pause } from '../../../api/types.js';
import { useFormatters } from '../../../i18n/format.js';
import { Icon } from '../../../ui/icons.js';
import { useActivePauses } from '../api/get-pauses.js';
import { usePauseScopeText } from '../pause-scope.js';

/**
 * Shown above every signed-in page while a pause is active (polled every 15 s, so a pause set by a
 * colleague appears here too). A region with a heading; a pause that appears while the app is open is
 * also announced once (role="alert" on its line), while pauses already there at page load are not
 * shouted at every visit.
 */
export function PauseBanner() {
  const { t } = useTranslation();
  const pauses = useActivePauses();
  // Ids of the pauses known before the latest fetch: anything not in it has just appeared.
  const known = useRef<Set<string> | null>(null);
  const announced = useRef<Set<string>>(new Set());
  const data = pauses.data;
  const fresh = new Set<string>();
  if (data && known.current) for (const pause of data) if (!known.current.has(pause.id)) fresh.add(pause.id);
  for (const id of fresh) announced.current.add(id);
  useEffect(() => {
    if (data) known.current = new Set([...(known.current ?? []), ...data.map((pause) => pause.id)]);
  }, [data]);

  if (!data || data.length === 0) return null;
  return (
    <section className="pause-banner" aria-labelledby="pause-banner-heading">
      <Icon name="crisis" className="pause-banner-icon" />
      <div>
        <h2 id="pause-banner-heading" className="pause-banner-heading">
          {t('crisis.banner.heading')}
        </h2>
        <ul className="plain-list">
          {data.map((pause) => (
            <PauseLine key={pause.id} pause={pause} announce={announced.current.has(pause.id)} />
          ))}
        </ul>
        <Link to="/crisis" className="pause-banner-link">
          {t('crisis.banner.link')}
        </Link>
      </div>
    </section>
  );
}

function PauseLine({ pause, announce }: { pause: Pause; announce: boolean }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const scopeText = usePauseScopeText();
  const text = t('crisis.banner.text', {
    scope: scopeText(pause),
    time: format.dateTime(pause.createdAt),
    name: pause.createdByName ?? t('crisis.banner.someone'),
    reason: pause.reason,
  });
  return (
    <li>
      {/* A fresh pause is announced through its own alert; the rest is read as part of the region. */}
      {announce ? <p role="alert">{text}</p> : <p>{text}</p>}
    </li>
  );
}
