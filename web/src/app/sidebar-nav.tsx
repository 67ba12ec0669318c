import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Me } from '../api/types.js';
import { Icon, type IconName } from '../ui/icons.js';
import { can } from './me-context.js';

type NavKey =
  | 'overview'
  | 'compose'
  | 'approvals'
  | 'planning'
  | 'calendar'
  | 'publishing'
  | 'inbox'
  | 'listening'
  | 'organisations'
  | 'channels'
  | 'channelHealth'
  | 'analytics'
  | 'reports'
  | 'crisis'
  | 'press'
  | 'knowledge'
  | 'archive'
  | 'audit'
  | 'directory'
  | 'settings';

type NavItem = {
  key: NavKey;
  icon: IconName;
  /** Client route; absent for capabilities that are not built yet (they stay hidden). */
  to?:
    | '/'
    | '/posts'
    | '/calendar'
    | '/approvals'
    | '/organisations'
    | '/channels'
    | '/channels/health'
    | '/reports/inventory'
    | '/publishing'
    | '/listening'
    | '/crisis'
    | '/audit'
    | '/settings';
  /** A server-rendered page outside the app. */
  href?: string;
  exact?: boolean;
  visible?: (me: Me) => boolean;
};

type NavSection = { key: 'work' | 'registry' | 'insight' | 'response' | 'admin'; items: NavItem[] };

/**
 * One place for every capability in DESIGN.md. Each appears once it has a route; until then it is listed
 * here without one and not shown, so adding a feature means giving it a `to`.
 */
const NAVIGATION: NavSection[] = [
  {
    key: 'work',
    items: [
      { key: 'overview', icon: 'home', to: '/', exact: true },
      { key: 'compose', icon: 'compose', to: '/posts' },
      { key: 'approvals', icon: 'approvals', to: '/approvals' },
      { key: 'calendar', icon: 'calendar', to: '/calendar' },
      { key: 'planning', icon: 'calendar' },
      { key: 'publishing', icon: 'publishing', to: '/publishing' },
      { key: 'inbox', icon: 'inbox' },
      { key: 'listening', icon: 'listening', to: '/listening' },
    ],
  },
  {
    key: 'registry',
    items: [
      { key: 'organisations', icon: 'organisations', to: '/organisations' },
      { key: 'channels', icon: 'channels', to: '/channels' },
      { key: 'channelHealth', icon: 'analytics', to: '/channels/health' },
    ],
  },
  {
    key: 'insight',
    items: [
      { key: 'analytics', icon: 'analytics' },
      { key: 'reports', icon: 'reports', to: '/reports/inventory' },
    ],
  },
  {
    key: 'response',
    items: [
      { key: 'crisis', icon: 'crisis', to: '/crisis' },
      { key: 'press', icon: 'press' },
      { key: 'knowledge', icon: 'knowledge' },
      { key: 'archive', icon: 'archive' },
    ],
  },
  {
    key: 'admin',
    items: [
      { key: 'audit', icon: 'audit', to: '/audit', visible: can.readAudit },
      { key: 'directory', icon: 'directory', href: '/directory' },
      { key: 'settings', icon: 'settings', to: '/settings' },
    ],
  },
];

export function SidebarNav({ me, isOpen, onNavigate }: { me: Me; isOpen: boolean; onNavigate: () => void }) {
  const { t } = useTranslation();
  return (
    <nav id="app-nav" className="app-nav" aria-label={t('nav.label')} data-open={isOpen}>
      {NAVIGATION.map((section) => {
        const items = section.items.filter((item) => (item.to || item.href) && (item.visible?.(me) ?? true));
        if (items.length === 0) return null;
        const headingId = `nav-section-${section.key}`;
        return (
          <div key={section.key}>
            <p className="nav-section-label" id={headingId}>
              {t(`nav.sections.${section.key}`)}
            </p>
            <ul aria-labelledby={headingId}>
              {items.map((item) => (
                <li key={item.key}>
                  {item.to ? (
                    <Link to={item.to} className="nav-link" activeOptions={{ exact: item.exact ?? false }} onClick={onNavigate}>
                      <Icon name={item.icon} />
                      {t(`nav.items.${item.key}`)}
                    </Link>
                  ) : (
                    <a href={item.href} className="nav-link">
                      <Icon name={item.icon} />
                      {t(`nav.items.${item.key}`)}
                    </a>
                  )}
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}
