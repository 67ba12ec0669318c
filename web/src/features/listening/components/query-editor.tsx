import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueryError } from '../types.js';
import { FieldErrorText } from '../../../ui/field.js';
import type { CheckedQuery } from '../api/parse-query.js';
import { type MarkRange, segmentText } from '../highlight-segments.js';

type QueryEditorProps = {
  id: string;
  value: string;
  onChange: (value: string) => void;
  /** The last answer of the live check (possibly for an earlier text while the person types). */
  checked: CheckedQuery | undefined;
  isChecking: boolean;
  /** The live check itself failed (network, rights). */
  checkFailed: boolean;
  /** A refusal on saving that the live check does not show. */
  saveError?: string;
};

/** The part of the query an error points at, for the list ("NEAR"); the end of the query reads as such. */
function excerpt(query: string, error: QueryError): string | null {
  const text = query.slice(error.start, Math.max(error.end, error.start)).trim();
  return text === '' ? null : text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** Ranges to mark in the mirrored query; an error between characters marks the character after it (or the end). */
function errorRanges(query: string, errors: readonly QueryError[]): { ranges: MarkRange[]; atEnd: boolean } {
  let atEnd = false;
  const ranges: MarkRange[] = [];
  for (const error of errors) {
    if (error.end > error.start) ranges.push({ start: error.start, end: error.end, kind: 'error' });
    else if (error.start < query.length) ranges.push({ start: error.start, end: error.start + 1, kind: 'error' });
    else atEnd = true;
  }
  return { ranges, atEnd };
}

/**
 * The watch query in a monospace text area, checked by the API as the person types: each error is
 * listed with its position (1-based, as people count) and the text it points at, can be selected
 * in the text area with one press, and is underlined in a mirror of the checked query below it.
 * The text area is `aria-invalid` and described by the list while the last check found errors.
 */
export function QueryEditor({ id, value, onChange, checked, isChecking, checkFailed, saveError }: QueryEditorProps) {
  const { t } = useTranslation();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const blank = value.trim() === '';
  const errors = !blank && checked ? checked.errors : [];
  const checkedText = checked?.query ?? '';
  const hasErrors = errors.length > 0;
  const invalid = hasErrors || Boolean(saveError);
  const describedBy = [`${id}-hint`, `${id}-status`, hasErrors ? `${id}-errors` : '', saveError ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');

  const select = (error: QueryError) => {
    const element = textarea.current;
    if (!element) return;
    element.focus();
    // The error was found in the checked text; if the person has typed since, the place may have moved.
    element.setSelectionRange(error.start, Math.max(error.end, error.start));
  };

  const status = blank
    ? t('listening.query.statusEmpty')
    : checkFailed
      ? t('listening.query.statusFailed')
      : !checked
        ? ''
        : checked.ok
          ? t('listening.query.statusValid')
          : t('listening.query.statusErrors', { count: checked.errors.length });
  const { ranges, atEnd } = errorRanges(checkedText, errors);

  return (
    <div className="field query-editor">
      <label htmlFor={id}>{t('listening.query.label')}</label>
      <div id={`${id}-hint`} className="field-hint">
        {t('listening.query.hint')}
      </div>
      <textarea
        ref={textarea}
        id={id}
        className="code query-input"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        required
        rows={5}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
      />
      <div className="query-status">
        <p id={`${id}-status`} role="status" className={`small ${checked?.ok && !blank ? 'query-status--ok' : ''}`}>
          {status}
        </p>
        {isChecking && !blank ? (
          <span className="muted small" aria-hidden="true">
            <span className="spinner" /> {t('listening.query.checking')}
          </span>
        ) : null}
      </div>
      {hasErrors ? (
        <>
          <ol id={`${id}-errors`} className="query-errors" aria-label={t('listening.query.errorsLabel')}>
            {errors.map((error) => {
              const part = excerpt(checkedText, error);
              return (
                <li key={`${error.start}-${error.end}-${error.message}`}>
                  <span className="query-error-place">
                    {part
                      ? t('listening.query.atPositionWith', { position: error.start + 1, part })
                      : error.start >= checkedText.length
                        ? t('listening.query.atEnd', { position: error.start + 1 })
                        : t('listening.query.atPosition', { position: error.start + 1 })}
                  </span>{' '}
                  {error.message}{' '}
                  <button type="button" className="link-button" onClick={() => select(error)}>
                    {t('listening.query.showInQuery')}
                    <span className="visually-hidden"> ({t('listening.query.positionLabel', { position: error.start + 1 })})</span>
                  </button>
                </li>
              );
            })}
          </ol>
          {/* A visual aid only: the list above says the same in words. */}
          <div className="query-mirror" aria-hidden="true" data-testid="query-mirror">
            {segmentText(checkedText, ranges).map((segment) =>
              segment.kinds.length ? (
                <mark key={segment.start} className="query-error-mark">
                  {segment.text}
                </mark>
              ) : (
                segment.text
              ),
            )}
            {atEnd ? <mark className="query-error-mark query-error-mark--end">▲</mark> : null}
          </div>
        </>
      ) : null}
      <FieldErrorText id={`${id}-error`}>{saveError}</FieldErrorText>
    </div>
  );
}
