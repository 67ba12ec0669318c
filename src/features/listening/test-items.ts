import type { SourceItem } from './sources/item.js';

/** A SourceItem for tests (a Bluesky post in Dutch, published now, unless overridden). */
export function item(externalId: string, text: string, overrides: Partial<SourceItem> = {}): SourceItem {
  return {
    kind: 'bluesky',
    externalId,
    url: null,
    author: 'did:plc:author',
    authorDisplayName: null,
    title: null,
    text,
    language: 'nl',
    publishedAt: new Date(),
    ...overrides,
  };
}
