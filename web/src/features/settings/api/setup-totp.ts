import { useMutation } from '@tanstack/react-query';
import { api } from '../../../api/client.js';

export type TotpSetup = { secret: string; otpauthUrl: string; qrSvg: string };

/** Starts two-factor setup: a new secret (not active until confirmed with a code). */
export function setupTotp(): Promise<TotpSetup> {
  return api.post<TotpSetup>('/api/me/totp/setup');
}

export function useSetupTotp() {
  return useMutation({ mutationFn: setupTotp });
}
