import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommentary } from '../../../test/peers/linkedin/little-text.js';
import { comparableText, fromLittleText, isSamePost, toLittleText } from './post-body.js';

/** Little text both ways, checked against the peer's independent reading of LinkedIn's grammar. */

const tricky = fc.constantFrom(...'ab Z9é漢😀 \n\t#()[]{}<>@|\\*_~&.:/-'.split(/(?:)/u));
const text = fc.oneof(fc.string({ unit: tricky, maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 60 }));

describe('linkedin little text', () => {
  it('escapes reserved characters, keeps hashtags, and reads back what was written', () => {
    expect(toLittleText('Loket (tijdelijk) dicht #Gent, C# en #3 maar niet # los')).toBe(
      'Loket \\(tijdelijk\\) dicht #Gent, C\\# en #3 maar niet \\# los',
    );
    expect(fromLittleText('a \\(b\\) {hashtag|\\#|Gent} {hashtag|#|x} @[Stad Gent](urn:li:organization:1)')).toBe(
      'a (b) #Gent #x Stad Gent',
    );
  });

  it('LinkedIn reads every text Kanaal escapes in full, and Kanaal recognises what LinkedIn returns', () => {
    fc.assert(
      fc.property(text, (input) => {
        const parsed = parseCommentary(toLittleText(input));
        expect(parsed.truncated).toBe(false);
        expect(parsed.plain).toBe(input);
        expect(fromLittleText(parsed.stored)).toBe(input);
        expect(comparableText(fromLittleText(parsed.stored))).toBe(comparableText(input));
      }),
      { numRuns: 500 },
    );
  });

  it('compares posts by visible text, image count and alt text', () => {
    const request = { idempotencyKey: 'k', text: 'Zie (hier)  #Gent\r\n', media: [] };
    expect(isSamePost({ id: 'urn:li:share:1', commentary: 'Zie \\(hier\\) {hashtag|\\#|Gent}' }, request)).toBe(true);
    expect(isSamePost({ id: 'urn:li:share:1', commentary: 'Zie \\(daar\\) {hashtag|\\#|Gent}' }, request)).toBe(false);
    expect(
      isSamePost({ id: 'urn:li:share:1', commentary: 'Zie \\(hier\\) #Gent', content: { media: { id: 'urn:li:image:x' } } }, request),
    ).toBe(false);
  });
});
