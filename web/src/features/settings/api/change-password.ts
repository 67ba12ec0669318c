import { useMutation } from '@tanstack/react-query';
import { api } from '../../../api/client.js';

export type ChangePasswordInput = { currentPassword: string; newPassword: string };

export function changePassword(input: ChangePasswordInput): Promise<{ ok: true }> {
  return api.post<{ ok: true }>('/api/me/password', input);
}

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
