import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, buildUrl, toApiError } from '../../../api/client.js';
import type { Me, MediaAsset } from '../../../api/types.js';
import { sessionQueryKey } from '../../auth/api/get-session.js';
import { mediaQueryKey } from './get-media.js';

/**
 * Uploads one file as the raw request body (the API has no multipart parser). The shared client only
 * sends JSON or text, so this call does its own fetch with the session's CSRF token.
 */
export async function uploadMedia(organisationId: string, file: File, csrfToken: string | null): Promise<MediaAsset> {
  const mimeType = file.type || 'application/octet-stream';
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': mimeType };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(buildUrl(`/api/organisations/${encodeURIComponent(organisationId)}/media`, { fileName: file.name, mimeType }), {
      method: 'POST',
      headers,
      body: file,
      credentials: 'same-origin',
    });
  } catch (cause) {
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : 'Network error');
  }
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as MediaAsset;
}

export function useUploadMedia() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ organisationId, file }: { organisationId: string; file: File }) =>
      uploadMedia(organisationId, file, queryClient.getQueryData<Me | null>(sessionQueryKey)?.csrfToken ?? null),
    onSuccess: (media) => queryClient.invalidateQueries({ queryKey: mediaQueryKey(media.organisationId) }),
  });
}
