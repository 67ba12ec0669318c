import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../../api/types.js';
import { type FieldProblem, SelectField } from '../../../ui/field.js';
import { buildTree, flattenTree, localName } from '../tree.js';

type OrganisationSelectProps = {
  label: string;
  organisations: Organisation[];
  value: string;
  onChange: (id: string) => void;
  emptyOption?: string;
  error?: FieldProblem;
  hint?: string;
  required?: boolean;
  id?: string;
  /** Limits the choice, e.g. to organisations where the person may write. */
  isAllowed?: (organisation: Organisation) => boolean;
};

/** A native select listing organisations in tree order, indented by depth. */
export function OrganisationSelect({
  label,
  organisations,
  value,
  onChange,
  emptyOption,
  error,
  hint,
  required,
  id,
  isAllowed,
}: OrganisationSelectProps) {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'nl';
  const options = useMemo(
    () =>
      flattenTree(buildTree(organisations, language)).map((organisation) => ({
        value: organisation.id,
        // Non-breaking spaces keep the indentation visible inside a native select.
        label: `${'\u00a0\u00a0\u00a0'.repeat(organisation.depth)}${localName(organisation, language)}`,
        disabled: isAllowed ? !isAllowed(organisation) : false,
      })),
    [organisations, language, isAllowed],
  );
  return (
    <SelectField
      id={id}
      label={label}
      value={value}
      onChange={onChange}
      options={options}
      emptyOption={emptyOption}
      error={error}
      hint={hint}
      required={required}
    />
  );
}
