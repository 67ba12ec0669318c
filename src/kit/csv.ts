// Spreadsheets run cells starting with these as formulas (CSV injection); exports prefix them with '
// and imports take the prefix off again, so a round trip is lossless.
const FORMULA_START = /^[=+\t\r]|^[-@].*[()!|;=+]/;

/** A cell as written to an export: text that a spreadsheet would run as a formula gets a leading '. */
export const guardCell = (value: string) => (FORMULA_START.test(value) ? `'${value}` : value);

/** A cell as read from an import: the ' that guardCell added is taken off. */
export const unguardCell = (value: string) => (value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value);
