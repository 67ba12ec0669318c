import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent, Outlet, redirect } from '@tanstack/react-router';
import type { ChannelStatus, ContentLanguage, Network, PostState, PublicationState } from './api/types.js';
import type { CalendarView } from './features/planning/types.js';
import type { ConnectionHealth, ConnectionOutcome } from './features/connections/types.js';
import { CHANNEL_STATUSES, CONTENT_LANGUAGES, NETWORKS, POST_STATES, PUBLICATION_STATES } from './api/types.js';
import { CONNECTION_HEALTHS, CONNECTION_OUTCOMES } from './features/connections/types.js';
import { AppShell } from './app/app-shell.js';
import { NotFoundPage } from './app/not-found-page.js';
import { RouteFocus } from './app/route-focus.js';
import { RouteError, RoutePending } from './app/route-states.js';
import { sessionQueryOptions } from './features/auth/api/get-session.js';
import { SignInPage } from './features/auth/components/sign-in-page.js';
import { safeRedirect } from './features/auth/safe-redirect.js';

// Pages load on demand, so the sign-in page stays small; the router preloads them on hover/focus.
const OverviewPage = lazyRouteComponent(() => import('./features/overview/components/overview-page.js'), 'OverviewPage');
const OrganisationsPage = lazyRouteComponent(
  () => import('./features/organisations/components/organisations-page.js'),
  'OrganisationsPage',
);
const ChannelsPage = lazyRouteComponent(() => import('./features/channels/components/channels-page.js'), 'ChannelsPage');
const ChannelHealthPage = lazyRouteComponent(
  () => import('./features/connections/components/channel-health-page.js'),
  'ChannelHealthPage',
);
const ImportPage = lazyRouteComponent(() => import('./features/channels/components/import-page.js'), 'ImportPage');
const InventoryPage = lazyRouteComponent(() => import('./features/reports/components/inventory-page.js'), 'InventoryPage');
const AuditPage = lazyRouteComponent(() => import('./features/audit/components/audit-page.js'), 'AuditPage');
const PublicationsPage = lazyRouteComponent(
  () => import('./features/publishing/components/publications-page.js'),
  'PublicationsPage',
);
const CrisisPage = lazyRouteComponent(() => import('./features/crisis/components/crisis-page.js'), 'CrisisPage');
const PostsPage = lazyRouteComponent(() => import('./features/compose/components/posts-page.js'), 'PostsPage');
const NewPostPage = lazyRouteComponent(() => import('./features/compose/components/post-pages.js'), 'NewPostPage');
const PostPage = lazyRouteComponent(() => import('./features/compose/components/post-pages.js'), 'PostPage');
const ApprovalsPage = lazyRouteComponent(() => import('./features/approvals/components/approvals-page.js'), 'ApprovalsPage');
const CalendarPage = lazyRouteComponent(() => import('./features/planning/components/calendar-page.js'), 'CalendarPage');
const SettingsPage = lazyRouteComponent(() => import('./features/settings/components/settings-page.js'), 'SettingsPage');
const MentionsPage = lazyRouteComponent(() => import('./features/listening/components/mentions-page.js'), 'MentionsPage');
const WatchlistsPage = lazyRouteComponent(() => import('./features/listening/components/watchlists-page.js'), 'WatchlistsPage');
const NewWatchlistPage = lazyRouteComponent(
  () => import('./features/listening/components/watchlist-editor-page.js'),
  'NewWatchlistPage',
);
const EditWatchlistPage = lazyRouteComponent(
  () => import('./features/listening/components/watchlist-editor-page.js'),
  'EditWatchlistPage',
);
const SourcesPage = lazyRouteComponent(() => import('./features/listening/components/sources-page.js'), 'SourcesPage');
const AlertsPage = lazyRouteComponent(() => import('./features/listening/alerts/alerts-page.js'), 'AlertsPage');
const MentionPage = lazyRouteComponent(() => import('./features/listening/misuse/mention-page.js'), 'MentionPage');
const MisusePage = lazyRouteComponent(() => import('./features/listening/misuse/misuse-page.js'), 'MisusePage');
const QueryGuidePage = lazyRouteComponent(() => import('./features/listening/components/query-guide-page.js'), 'QueryGuidePage');

export type RouterContext = { queryClient: QueryClient };

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
const oneOf = <T extends string>(allowed: readonly T[], value: unknown): T | undefined =>
  typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: () => (
    <>
      <RouteFocus />
      <Outlet />
    </>
  ),
  notFoundComponent: NotFoundPage,
});

export type SignInSearch = { redirect?: string; error?: string };

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'sign-in',
  validateSearch: (search: Record<string, unknown>): SignInSearch => ({ redirect: text(search.redirect), error: text(search.error) }),
  beforeLoad: async ({ context, search }) => {
    const me = await context.queryClient.ensureQueryData(sessionQueryOptions).catch(() => null);
    if (me) throw redirect({ href: safeRedirect(search.redirect) });
  },
  component: SignInPage,
});

/** Everything behind sign-in: checks the session once, then renders the shell. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.ensureQueryData(sessionQueryOptions);
    if (!me) throw redirect({ to: '/sign-in', search: { redirect: location.href } });
  },
  component: AppShell,
});

const overviewRoute = createRoute({ getParentRoute: () => appRoute, path: '/', component: OverviewPage });

const organisationsRoute = createRoute({ getParentRoute: () => appRoute, path: 'organisations', component: OrganisationsPage });
const organisationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'organisations/$organisationId',
  component: OrganisationsPage,
});

export type ChannelSearch = {
  organisationId?: string;
  subtree?: boolean;
  network?: Network;
  status?: ChannelStatus;
  language?: ContentLanguage;
  q?: string;
};

const channelsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'channels',
  validateSearch: (search: Record<string, unknown>): ChannelSearch => ({
    organisationId: text(search.organisationId),
    subtree: search.subtree === false || search.subtree === 'false' ? false : undefined,
    network: oneOf(NETWORKS, search.network),
    status: oneOf(CHANNEL_STATUSES, search.status),
    language: oneOf(CONTENT_LANGUAGES, search.language),
    q: text(search.q),
  }),
  component: ChannelsPage,
});

const importRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'channels/import',
  validateSearch: (search: Record<string, unknown>): { organisationId?: string } => ({ organisationId: text(search.organisationId) }),
  component: ImportPage,
});

/** `connection`, `channel` and `message` come from the network's sign-in (connections/routes.ts callback). */
export type ChannelHealthSearch = {
  organisationId?: string;
  health?: ConnectionHealth;
  connection?: ConnectionOutcome;
  channel?: string;
  message?: string;
};

const channelHealthRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'channels/health',
  validateSearch: (search: Record<string, unknown>): ChannelHealthSearch => ({
    organisationId: text(search.organisationId),
    health: oneOf(CONNECTION_HEALTHS, search.health),
    connection: oneOf(CONNECTION_OUTCOMES, search.connection),
    channel: text(search.channel),
    message: text(search.message)?.slice(0, 500),
  }),
  component: ChannelHealthPage,
});

const reportsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'reports',
  beforeLoad: () => {
    throw redirect({ to: '/reports/inventory' });
  },
});

const inventoryRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'reports/inventory',
  validateSearch: (search: Record<string, unknown>): { organisationId?: string } => ({ organisationId: text(search.organisationId) }),
  component: InventoryPage,
});

export type PublishingSearch = { organisationId?: string; state?: PublicationState };

const publishingRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'publishing',
  validateSearch: (search: Record<string, unknown>): PublishingSearch => ({
    organisationId: text(search.organisationId),
    state: oneOf(PUBLICATION_STATES, search.state),
  }),
  component: PublicationsPage,
});

const crisisRoute = createRoute({ getParentRoute: () => appRoute, path: 'crisis', component: CrisisPage });

export type PostsSearch = { organisationId?: string; state?: PostState };

const postsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'posts',
  validateSearch: (search: Record<string, unknown>): PostsSearch => ({
    organisationId: text(search.organisationId),
    state: oneOf(POST_STATES, search.state),
  }),
  component: PostsPage,
});
const newPostRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'posts/new',
  validateSearch: (search: Record<string, unknown>): { organisationId?: string } => ({ organisationId: text(search.organisationId) }),
  component: NewPostPage,
});
const postRoute = createRoute({ getParentRoute: () => appRoute, path: 'posts/$postId', component: PostPage });
const approvalsRoute = createRoute({ getParentRoute: () => appRoute, path: 'approvals', component: ApprovalsPage });

export type CalendarSearch = {
  view?: CalendarView;
  date?: string;
  organisationId?: string;
  network?: Network;
  language?: ContentLanguage;
  state?: PostState;
  topic?: string;
};

const calendarRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'calendar',
  validateSearch: (search: Record<string, unknown>): CalendarSearch => ({
    view: oneOf(['month', 'week', 'list'] as const, search.view),
    date: typeof search.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(search.date) ? search.date : undefined,
    organisationId: text(search.organisationId),
    network: oneOf(NETWORKS, search.network),
    language: oneOf(CONTENT_LANGUAGES, search.language),
    state: oneOf(POST_STATES, search.state),
    topic: text(search.topic),
  }),
  component: CalendarPage,
});

/** Mentions: `from` and `to` are calendar days (inclusive) in the organisation's time zone. */
export type MentionsSearch = {
  organisationId?: string;
  watchlistId?: string;
  sourceId?: string;
  /** A language code, or `none` for mentions without one. */
  language?: string;
  from?: string;
  to?: string;
  q?: string;
};

const LANGUAGE_FILTER = /^([a-z]{2,3}|none)$/;
const dateOnly = (value: unknown): string | undefined =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;

const mentionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'listening',
  validateSearch: (search: Record<string, unknown>): MentionsSearch => {
    const language = text(search.language)?.toLowerCase();
    return {
      organisationId: text(search.organisationId),
      watchlistId: text(search.watchlistId),
      sourceId: text(search.sourceId),
      language: language && LANGUAGE_FILTER.test(language) ? language : undefined,
      from: dateOnly(search.from),
      to: dateOnly(search.to),
      q: text(search.q)?.slice(0, 500),
    };
  },
  component: MentionsPage,
});
const organisationSearch = (search: Record<string, unknown>): { organisationId?: string } => ({
  organisationId: text(search.organisationId),
});
const watchlistsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'listening/watchlists',
  validateSearch: organisationSearch,
  component: WatchlistsPage,
});
const newWatchlistRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'listening/watchlists/new',
  validateSearch: organisationSearch,
  component: NewWatchlistPage,
});
const watchlistRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'listening/watchlists/$watchlistId',
  component: EditWatchlistPage,
});
const sourcesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'listening/sources',
  validateSearch: organisationSearch,
  component: SourcesPage,
});
const alertsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'listening/watchlists/$watchlistId/alerts',
  component: AlertsPage,
});
const mentionRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'listening/mentions/$mentionId',
  component: MentionPage,
});
const misuseRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'listening/misuse',
  validateSearch: organisationSearch,
  component: MisusePage,
});
const queryGuideRoute = createRoute({ getParentRoute: () => appRoute, path: 'listening/query-guide', component: QueryGuidePage });

const auditRoute = createRoute({ getParentRoute: () => appRoute, path: 'audit', component: AuditPage });
const settingsRoute = createRoute({ getParentRoute: () => appRoute, path: 'settings', component: SettingsPage });

const routeTree = rootRoute.addChildren([
  signInRoute,
  appRoute.addChildren([
    overviewRoute,
    organisationsRoute,
    organisationRoute,
    channelsRoute,
    importRoute,
    channelHealthRoute,
    reportsRoute,
    inventoryRoute,
    publishingRoute,
    crisisRoute,
    postsRoute,
    newPostRoute,
    postRoute,
    approvalsRoute,
    calendarRoute,
    mentionsRoute,
    watchlistsRoute,
    newWatchlistRoute,
    watchlistRoute,
    alertsRoute,
    mentionRoute,
    misuseRoute,
    sourcesRoute,
    queryGuideRoute,
    auditRoute,
    settingsRoute,
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    defaultPendingComponent: RoutePending,
    defaultErrorComponent: RouteError,
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
