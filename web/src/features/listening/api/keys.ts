/** Cache keys of listening: everything of one organisation sits under `['listening', organisationId]`. */
export const listeningKeys = {
  all: ['listening'] as const,
  organisation: (organisationId: string) => ['listening', organisationId] as const,
  sources: (organisationId: string) => ['listening', organisationId, 'sources'] as const,
  watchlists: (organisationId: string) => ['listening', organisationId, 'watchlists'] as const,
  mentions: (organisationId: string) => ['listening', organisationId, 'mentions'] as const,
  settings: (organisationId: string) => ['listening', organisationId, 'settings'] as const,
  watchlist: (id: string) => ['listening', 'watchlist', id] as const,
};
