/** Only same-site paths are followed after sign-in (never an open redirect, never back to sign-in). */
export function safeRedirect(value: string | undefined): string {
  return value?.startsWith('/') && !value.startsWith('//') && !value.startsWith('/sign-in') ? value : '/';
}
