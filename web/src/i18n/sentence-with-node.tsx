import type { ReactNode } from 'react';

const SLOT = '\u0000';

/**
 * A translated sentence with one of its values rendered as an element (such as a part that carries
 * its own `lang`): `sentence` is given a slot to interpolate where the element goes.
 */
export function sentenceWithNode(sentence: (slot: string) => string, node: ReactNode): ReactNode {
  const [before = '', ...after] = sentence(SLOT).split(SLOT);
  return (
    <>
      {before}
      {node}
      {after.join('')}
    </>
  );
}
