import { type InputHTMLAttributes, type ReactNode, type Ref, type SelectHTMLAttributes, type TextareaHTMLAttributes, useId } from 'react';
import type { SaidText } from '../i18n/coded-text.js';

type FieldShell = {
  label: ReactNode;
  hint?: ReactNode;
  /** Shown under the control and linked to it with aria-describedby. */
  error?: FieldProblem;
  className?: string;
};

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const joined = ids.filter(Boolean).join(' ');
  return joined || undefined;
}

/**
 * The visible label is exactly the field's name: required fields carry the native `required` attribute
 * (announced by screen readers), and optional ones say "(optional)" in their label where it matters.
 */
function Label({ htmlFor, label }: { htmlFor: string; label: ReactNode }) {
  return <label htmlFor={htmlFor}>{label}</label>;
}

function Hint({ id, children }: { id: string; children?: ReactNode }) {
  return children ? (
    <div id={id} className="field-hint">
      {children}
    </div>
  ) : null;
}

/** What is wrong with a field: our own words, or what the server said (SaidText: marked when it is its English). */
export type FieldProblem = string | SaidText;

export function FieldErrorText({ id, children }: { id: string; children?: FieldProblem }) {
  if (!children) return null;
  const said = typeof children === 'string' ? { text: children, lang: undefined } : children;
  return (
    <div id={id} className="field-error" lang={said.lang}>
      {said.text}
    </div>
  );
}

type TextFieldProps = FieldShell &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'className'> & {
    value: string;
    onChange: (value: string) => void;
    ref?: Ref<HTMLInputElement>;
  };

/** A labelled native input with hint and error text wired to it. */
export function TextField({ label, hint, error, className, value, onChange, id, type = 'text', required, ref, ...input }: TextFieldProps) {
  const fallbackId = useId();
  const inputId = id ?? fallbackId;
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <Label htmlFor={inputId} label={label} />
      <Hint id={`${inputId}-hint`}>{hint}</Hint>
      <input
        {...input}
        ref={ref}
        id={inputId}
        type={type}
        value={value}
        required={required}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint !== undefined && `${inputId}-hint`, error && `${inputId}-error`)}
      />
      <FieldErrorText id={`${inputId}-error`}>{error}</FieldErrorText>
    </div>
  );
}

type TextAreaFieldProps = FieldShell &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange' | 'className'> & {
    value: string;
    onChange: (value: string) => void;
    inputClassName?: string;
    ref?: Ref<HTMLTextAreaElement>;
  };

export function TextAreaField({
  label,
  hint,
  error,
  className,
  inputClassName,
  value,
  onChange,
  id,
  required,
  ref,
  ...input
}: TextAreaFieldProps) {
  const fallbackId = useId();
  const inputId = id ?? fallbackId;
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <Label htmlFor={inputId} label={label} />
      <Hint id={`${inputId}-hint`}>{hint}</Hint>
      <textarea
        {...input}
        ref={ref}
        id={inputId}
        className={inputClassName}
        value={value}
        required={required}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint !== undefined && `${inputId}-hint`, error && `${inputId}-error`)}
      />
      <FieldErrorText id={`${inputId}-error`}>{error}</FieldErrorText>
    </div>
  );
}

export type Option = { value: string; label: string; disabled?: boolean };

type SelectFieldProps = FieldShell &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'className'> & {
    value: string;
    onChange: (value: string) => void;
    options: Option[];
    /** A first, empty choice (e.g. "All networks"). */
    emptyOption?: string;
  };

/** A labelled native select: reliable with every screen reader and on phones. */
export function SelectField({
  label,
  hint,
  error,
  className,
  value,
  onChange,
  options,
  emptyOption,
  id,
  required,
  ...select
}: SelectFieldProps) {
  const fallbackId = useId();
  const inputId = id ?? fallbackId;
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <Label htmlFor={inputId} label={label} />
      <Hint id={`${inputId}-hint`}>{hint}</Hint>
      <select
        {...select}
        id={inputId}
        value={value}
        required={required}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint !== undefined && `${inputId}-hint`, error && `${inputId}-error`)}
      >
        {emptyOption !== undefined ? <option value="">{emptyOption}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldErrorText id={`${inputId}-error`}>{error}</FieldErrorText>
    </div>
  );
}

type ChoiceGroupProps = FieldShell & {
  options: Option[];
  name?: string;
  required?: boolean;
};

/** Several checkboxes under one legend: an accessible multi-select. */
export function CheckboxGroupField({
  label,
  hint,
  error,
  className,
  options,
  values,
  onChange,
}: ChoiceGroupProps & { values: string[]; onChange: (values: string[]) => void }) {
  const groupId = useId();
  const toggle = (value: string, checked: boolean) =>
    onChange(checked ? [...values.filter((v) => v !== value), value] : values.filter((v) => v !== value));
  return (
    <fieldset
      className={['field', className].filter(Boolean).join(' ')}
      aria-describedby={describedBy(hint !== undefined && `${groupId}-hint`, error && `${groupId}-error`)}
    >
      <legend>{label}</legend>
      <Hint id={`${groupId}-hint`}>{hint}</Hint>
      <div className="choice-list">
        {options.map((option) => (
          <label key={option.value} className="choice">
            <input
              type="checkbox"
              value={option.value}
              checked={values.includes(option.value)}
              disabled={option.disabled}
              onChange={(event) => toggle(option.value, event.target.checked)}
            />
            {option.label}
          </label>
        ))}
      </div>
      <FieldErrorText id={`${groupId}-error`}>{error}</FieldErrorText>
    </fieldset>
  );
}

/** Radio buttons under one legend. */
export function RadioGroupField({
  label,
  hint,
  error,
  className,
  options,
  value,
  onChange,
  name,
}: ChoiceGroupProps & { value: string; onChange: (value: string) => void }) {
  const groupId = useId();
  return (
    <fieldset
      className={['field', className].filter(Boolean).join(' ')}
      aria-describedby={describedBy(hint !== undefined && `${groupId}-hint`, error && `${groupId}-error`)}
    >
      <legend>{label}</legend>
      <Hint id={`${groupId}-hint`}>{hint}</Hint>
      <div className="choice-list">
        {options.map((option) => (
          <label key={option.value} className="choice">
            <input
              type="radio"
              name={name ?? groupId}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
            />
            {option.label}
          </label>
        ))}
      </div>
      <FieldErrorText id={`${groupId}-error`}>{error}</FieldErrorText>
    </fieldset>
  );
}

/** One checkbox with its label beside it. */
export function CheckboxField({
  label,
  checked,
  onChange,
  hint,
}: {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
}) {
  const id = useId();
  return (
    <div className="field">
      <label className="choice" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          onChange={(event) => onChange(event.target.checked)}
          aria-describedby={hint ? `${id}-hint` : undefined}
        />
        {label}
      </label>
      <Hint id={`${id}-hint`}>{hint}</Hint>
    </div>
  );
}
