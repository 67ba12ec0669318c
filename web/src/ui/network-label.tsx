import { useTranslation } from 'react-i18next';
import type { Network } from '../api/types.js';

/** Brand-like colours and a short mark per network; white on each is at least 4.5:1. */
const NETWORK_LOOK: Record<Network, { mark: string; color: string }> = {
  mastodon: { mark: 'M', color: '#5b47c9' },
  bluesky: { mark: 'B', color: '#0a66c2' },
  x: { mark: 'X', color: '#111111' },
  facebook: { mark: 'f', color: '#1b5fc1' },
  instagram: { mark: 'IG', color: '#b1226b' },
  threads: { mark: '@', color: '#2b2b2b' },
  linkedin: { mark: 'in', color: '#0a5c9c' },
  youtube: { mark: '▶', color: '#c4170c' },
  viva_engage: { mark: 'VE', color: '#1f6f5c' },
  website: { mark: 'www', color: '#44546a' },
  other: { mark: '•', color: '#5a6473' },
};

/** The network's name in the interface language ("Website", "Site web"…). */
export function useNetworkName(): (network: Network | string) => string {
  const { t } = useTranslation();
  return (network) => (network in NETWORK_LOOK ? t(`networks.${network as Network}`) : network);
}

/** Icon plus name; the icon is decorative, the name carries the meaning. */
export function NetworkLabel({ network, showName = true }: { network: Network; showName?: boolean }) {
  const name = useNetworkName()(network);
  const look = NETWORK_LOOK[network] ?? NETWORK_LOOK.other;
  return (
    <span className="network">
      <span
        className="network-icon"
        style={{ background: look.color, fontSize: look.mark.length > 2 ? '0.55rem' : undefined }}
        aria-hidden="true"
      >
        {look.mark}
      </span>
      {showName ? <span>{name}</span> : <span className="visually-hidden">{name}</span>}
    </span>
  );
}
