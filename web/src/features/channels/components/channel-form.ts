import type { Channel, ChannelInput, ChannelStatus, ContentLanguage, FollowerUnit, Network, Visibility } from '../../../api/types.js';

/** What the form edits: everything as text/arrays, converted to the API's shape on submit. */
export type ChannelFormState = {
  organisationId: string;
  network: Network;
  handle: string;
  displayName: string;
  profileUrl: string;
  languages: ContentLanguage[];
  audienceIds: string[];
  purpose: string;
  visibility: Visibility;
  ownerTeam: string;
  status: ChannelStatus;
  followerCount: string;
  followerUnit: FollowerUnit;
  followersMeasuredOn: string;
};

/** The unit each network usually counts in (a suggestion the person may change). */
export const DEFAULT_UNIT: Record<Network, FollowerUnit> = {
  mastodon: 'followers',
  bluesky: 'followers',
  x: 'followers',
  facebook: 'followers',
  instagram: 'followers',
  threads: 'followers',
  linkedin: 'followers',
  youtube: 'subscribers',
  viva_engage: 'members',
  website: 'subscribers',
  other: 'followers',
};

export function initialFormState(channel: Channel | undefined, organisationId: string, language: ContentLanguage = 'nl'): ChannelFormState {
  if (channel) {
    return {
      organisationId: channel.organisationId,
      network: channel.network,
      handle: channel.handle,
      displayName: channel.displayName ?? '',
      profileUrl: channel.profileUrl ?? '',
      languages: channel.languages,
      audienceIds: channel.audiences.map((audience) => audience.id),
      purpose: channel.purpose ?? '',
      visibility: channel.visibility,
      ownerTeam: channel.ownerTeam ?? '',
      status: channel.status,
      followerCount: channel.followerCount === null ? '' : String(channel.followerCount),
      followerUnit: channel.followerUnit,
      followersMeasuredOn: channel.followersMeasuredOn ?? '',
    };
  }
  return {
    organisationId,
    network: 'mastodon',
    handle: '',
    displayName: '',
    profileUrl: '',
    languages: [language],
    audienceIds: [],
    purpose: '',
    visibility: 'public',
    ownerTeam: '',
    status: 'active',
    followerCount: '',
    followerUnit: 'followers',
    followersMeasuredOn: '',
  };
}

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

export function toChannelInput(state: ChannelFormState): ChannelInput {
  const count = state.followerCount.trim() === '' ? null : Number(state.followerCount.replace(/[\s.,\u00a0\u202f]/g, ''));
  return {
    organisationId: state.organisationId,
    network: state.network,
    handle: state.handle.trim(),
    displayName: orNull(state.displayName),
    profileUrl: orNull(state.profileUrl),
    languages: state.languages,
    audienceIds: state.audienceIds,
    purpose: orNull(state.purpose),
    visibility: state.visibility,
    ownerTeam: orNull(state.ownerTeam),
    status: state.status,
    followerCount: count === null || Number.isNaN(count) ? null : count,
    followerUnit: state.followerUnit,
    followersMeasuredOn: orNull(state.followersMeasuredOn),
  };
}
