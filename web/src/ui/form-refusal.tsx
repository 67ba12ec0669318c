import { type RefObject, useEffect } from 'react';
import { useErrorText } from './error-text.js';

type FormRefusalProps = {
  /** "Not saved", "Not connected" … */
  title: string;
  /** What went wrong: the server's refusal (null when only the form's own checks failed). */
  failure: unknown;
  /**
   * Given when fields are marked below ("Correct the marked fields"): said instead of the failure, which
   * the marked fields already spell out.
   */
  fieldsMarked?: string;
  /** Server remarks that belong to no field on the form (shown as written). */
  otherMessages?: readonly string[];
};

/** Why a form was not saved, announced at once (role="alert") above the form. */
export function FormRefusal({ title, failure, fieldsMarked, otherMessages = [] }: FormRefusalProps) {
  const errorText = useErrorText();
  return (
    <div className="notice notice--danger" role="alert">
      <div>
        <strong>{title}</strong>
        <p>{fieldsMarked ?? errorText(failure)}</p>
        {otherMessages.length ? (
          <ul>
            {otherMessages.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}

/**
 * After a refusal (`refusal` changes to something truthy), focus goes to the first field marked wrong
 * (or into the first fieldset showing an error), so a keyboard or screen-reader user lands on it.
 */
export function useFocusFirstInvalid(formRef: RefObject<HTMLFormElement | null>, refusal: unknown): void {
  useEffect(() => {
    if (!refusal) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], fieldset:has(.field-error) input')?.focus();
  }, [formRef, refusal]);
}
