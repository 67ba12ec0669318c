import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel } from '../../../api/types.js';
import { NetworkLabel } from '../../../ui/network-label.js';
import { channelsQueryOptions } from '../../channels/api/get-channels.js';

/**
 * Publications name their channel by id only; the channels of the organisation (and its subtree)
 * give the network and handle to show.
 */
export function useChannelLookup(organisationId: string | null): Map<string, Channel> {
  const channels = useQuery({ ...channelsQueryOptions({ organisationId: organisationId ?? '', subtree: true }), enabled: Boolean(organisationId) });
  return useMemo(() => new Map((channels.data ?? []).map((channel) => [channel.id, channel])), [channels.data]);
}

/** The handle a channel is known by, for accessible names ("@info@social.example"). */
export function channelName(channel: Channel | undefined, fallback: string): string {
  return channel ? channel.handle : fallback;
}

/** Network icon (named for screen readers) and handle. */
export function PublicationChannel({ channel }: { channel: Channel | undefined }) {
  const { t } = useTranslation();
  if (!channel) return <span className="muted">{t('crisis.held.unknownChannel')}</span>;
  return (
    <span className="row nowrap">
      <NetworkLabel network={channel.network} showName={false} />
      <span className="mono small">{channel.handle}</span>
    </span>
  );
}

/** The first words of a post, on one line's worth of space. */
export function excerpt(text: string, length = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1).trimEnd()}…` : flat;
}
