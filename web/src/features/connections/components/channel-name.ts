import type { ConnectionStatus } from '../types.js';

/** How a channel is named in buttons and messages: its display name, else its handle. */
export function channelName(status: Pick<ConnectionStatus, 'displayName' | 'handle'>): string {
  return status.displayName || status.handle;
}
