import { useTranslation } from 'react-i18next';
import { SelectField } from '../../../../ui/field.js';
import { REVIEW_STATUSES, type ReviewStatus } from '../types.js';

export type StatusChoice = ReviewStatus | 'all';

/** Which items to show: open ones (the default), confirmed, dismissed, or all. */
export function StatusFilter({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: StatusChoice;
  onChange: (value: StatusChoice) => void;
}) {
  const { t } = useTranslation();
  return (
    <SelectField
      id={id}
      label={label}
      value={value}
      onChange={(chosen) => onChange(REVIEW_STATUSES.find((status) => status === chosen) ?? 'all')}
      options={[
        ...REVIEW_STATUSES.map((status) => ({ value: status, label: t(`listeningMisuse.filter.${status}`) })),
        { value: 'all', label: t('listeningMisuse.filter.all') },
      ]}
    />
  );
}
