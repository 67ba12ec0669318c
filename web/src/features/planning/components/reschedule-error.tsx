import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.js';
import { ErrorNotice } from '../../../ui/states.js';

/** Why a move was refused, in words: no permission (403), a time that does not exist (422), already sent (409). */
export function RescheduleError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!isApiError(error) || ![403, 409, 422].includes(error.status)) return <ErrorNotice error={error} />;
  const title = error.status === 403 ? t('planning.errors.forbidden') : error.status === 409 ? t('planning.errors.conflict') : t('planning.errors.invalidTime');
  const detail = error.fieldMessage('plannedAt') ?? error.message;
  return (
    <div className="notice notice--danger" role="alert">
      <div>
        <strong>{title}</strong>
        <p>{detail}</p>
      </div>
    </div>
  );
}
