import { Link, Outlet } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../features/auth/api/get-session.js';
import { PauseBanner } from '../features/crisis/components/pause-banner.js';
import { OrganisationSelect } from '../features/organisations/components/organisation-select.js';
import { changeLocale, hasChosenLocale } from '../i18n/index.js';
import { Icon } from '../ui/icons.js';
import { LanguageSwitch } from './language-switch.js';
import { MeContext } from './me-context.js';
import { OrganisationContextProvider, useOrganisationContext } from './organisation-context.js';
import { SidebarNav } from './sidebar-nav.js';
import { UserMenu } from './user-menu.js';

/** Header, navigation and main area around every signed-in page. */
export function AppShell() {
  const { data: me } = useSession();
  const { t, i18n } = useTranslation();
  const [navOpen, setNavOpen] = useState(false);

  // Follow the account's language unless this device has its own remembered choice.
  useEffect(() => {
    if (me && !hasChosenLocale() && me.user.locale !== i18n.resolvedLanguage) void changeLocale(me.user.locale, { remember: false });
  }, [me, i18n]);

  if (!me) return null;
  return (
    <MeContext.Provider value={me}>
      <OrganisationContextProvider>
        <a className="skip-link" href="#main">
          {t('shell.skipToContent')}
        </a>
        <header className="app-header">
          <button
            type="button"
            className="header-button menu-toggle"
            aria-expanded={navOpen}
            aria-controls="app-nav"
            onClick={() => setNavOpen((open) => !open)}
          >
            <Icon name="menu" />
            {t('shell.menu')}
          </button>
          <Link to="/" className="brand">
            <img src="/favicon.svg" alt="" className="brand-mark" />
            Kanaal
          </Link>
          <OrganisationSwitcher />
          <span className="header-spacer" />
          <LanguageSwitch />
          <UserMenu />
        </header>
        <PauseBanner />
        <div className="app-body">
          <SidebarNav me={me} isOpen={navOpen} onNavigate={() => setNavOpen(false)} />
          <main id="main" className="app-main" tabIndex={-1}>
            <Outlet />
          </main>
        </div>
      </OrganisationContextProvider>
    </MeContext.Provider>
  );
}

/** "Working for": the organisation pages start from. Hidden when the person sees only one. */
function OrganisationSwitcher() {
  const { t } = useTranslation();
  const { organisationId, setOrganisationId, organisations } = useOrganisationContext();
  if (!organisationId) return null;
  if (organisations.length === 1) {
    return (
      <p className="header-context">
        <span className="visually-hidden">{t('shell.workingFor')}: </span>
        {organisations[0]?.name}
      </p>
    );
  }
  return (
    <div className="header-context">
      <OrganisationSelect
        id="context-organisation"
        label={t('shell.workingFor')}
        organisations={organisations}
        value={organisationId}
        onChange={setOrganisationId}
      />
    </div>
  );
}
