import type { SaidText } from '../i18n/coded-text.js';

/**
 * Text that may be the server's English inside a page in another language: marked `lang="en"` then,
 * so a screen reader reads it with English pronunciation (WCAG 3.1.2).
 */
export function Said({ said, className }: { said: SaidText; className?: string }) {
  return (
    <span className={className} lang={said.lang}>
      {said.text}
    </span>
  );
}
