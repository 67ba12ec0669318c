/**
 * Failures that people read, kept as a code with values next to one English sentence per code, so
 * the web app can say them in the reader's language (one catalogue per feature: listening sources,
 * alert deliveries, impersonation scans, channel connections). Sentences have `{{name}}`
 * placeholders, and the types make a code take exactly the values its sentence uses.
 */

/** What fills the placeholders, as stored next to the English sentence. */
export type CodedParams = Readonly<Record<string, string | number>>;

export type Placeholders<Text extends string> = Text extends `${string}{{${infer Name}}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** The values a sentence needs: exactly its placeholders. */
export type ParamsOfText<Text extends string> = Record<Placeholders<Text>, string | number>;

/** The arguments after a code: a sentence without placeholders needs no values. */
export type ParamsArgs<Text extends string> = [Placeholders<Text>] extends [never]
  ? [params?: ParamsOfText<Text>]
  : [params: ParamsOfText<Text>];

const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/** The sentence with its placeholders filled in; `format` may write some values its own way. */
export function fillPlaceholders(text: string, params: CodedParams, format?: (name: string, value: string | number) => string): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const value = params[name];
    if (value === undefined) return '';
    return format ? format(name, value) : String(value);
  });
}

/** A failure as stored and shown: its code, the values of its sentence, and that sentence in English. */
export type CodedFailure<Code extends string> = { code: Code; params: CodedParams; text: string };

/** A failure of `catalogue` from its code and its values. */
export function codedFailure<Code extends string>(
  catalogue: Readonly<Record<Code, string>>,
  code: Code,
  params: CodedParams = {},
): CodedFailure<Code> {
  return { code, params, text: fillPlaceholders(catalogue[code], params) };
}

/** The names used in a text, each once, in order. */
export function placeholdersOf(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(PLACEHOLDER), (match) => match[1] as string))];
}

/**
 * What is wrong with a catalogue's translations, for its test: a code without a sentence in some
 * language, a sentence with other placeholders than the English one, a sentence for no code.
 */
export function translationProblems(
  english: Readonly<Record<string, string>>,
  translations: Readonly<Record<string, Readonly<Record<string, string | undefined>>>>,
): string[] {
  const problems: string[] = [];
  const placeholders = (text: string) => placeholdersOf(text).sort().join();
  for (const [language, messages] of Object.entries(translations)) {
    for (const [code, sentence] of Object.entries(english)) {
      const text = messages[code];
      if (typeof text !== 'string' || text.trim() === '') problems.push(`${language}: no text for ${code}`);
      else if (placeholders(text) !== placeholders(sentence))
        problems.push(`${language}.${code} uses ${JSON.stringify(placeholdersOf(text))}`);
    }
    for (const code of Object.keys(messages)) if (!Object.hasOwn(english, code)) problems.push(`${language}: ${code} is not a code`);
  }
  return problems;
}
