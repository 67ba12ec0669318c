import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.js';
import type { QueueSlot, QueueSlots } from '../types.js';
import { useFormatters } from '../../../i18n/format.js';
import { Button } from '../../../ui/button.js';
import { SelectField, TextField } from '../../../ui/field.js';
import { ErrorNotice } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { useSaveQueueSlots } from '../api/save-queue-slots.js';
import { sortSlotsMondayFirst, WEEKDAYS_MONDAY_FIRST, weekdayName } from '../calendar-dates.js';

/** The API's limit per channel (ZQueueSlotsBody). */
const MAX_SLOTS = 200;

type Row = QueueSlot & { key: number };
type Part = 'weekday' | 'time';

/**
 * Edits one channel's slots as rows of day + time. The API validates; its field errors
 * (`slots.3.time`) are shown on the row they were about, even after rows were added or removed.
 */
export function QueueSlotsForm({ channelId, channelLabel, saved, onDone }: { channelId: string; channelLabel: string; saved: QueueSlots; onDone: () => void }) {
  const { t } = useTranslation();
  const { locale } = useFormatters();
  const toast = useToast();
  const mutation = useSaveQueueSlots();
  const baseId = useId();
  const nextKey = useRef(0);
  const [rows, setRows] = useState<Row[]>(() => sortSlotsMondayFirst(saved.slots).map((s) => ({ ...s, key: nextKey.current++ })));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [focusId, setFocusId] = useState<string | null>(null);
  const fieldId = (key: number, part: Part) => `${baseId}-${key}-${part}`;
  const addId = `${baseId}-add`;
  const dayOptions = WEEKDAYS_MONDAY_FIRST.map((d) => ({ value: String(d), label: weekdayName(d, locale) }));
  const hasFieldErrors = Object.keys(fieldErrors).length > 0;

  // Focus follows the person's action: onto a new row, back to "Add" after a removal, onto the first error.
  useEffect(() => {
    if (!focusId) return;
    document.getElementById(focusId)?.focus();
    setFocusId(null);
  }, [focusId]);

  const clearError = (key: number, part: Part) =>
    setFieldErrors((all) => {
      const { [`${key}.${part}`]: _gone, ...rest } = all;
      return rest;
    });
  const update = (key: number, part: Part, value: string) => {
    setRows((all) => all.map((row) => (row.key === key ? { ...row, [part]: part === 'weekday' ? Number(value) : value } : row)));
    clearError(key, part);
  };
  const add = () => {
    const last = rows[rows.length - 1];
    const key = nextKey.current++;
    setRows((all) => [...all, { key, weekday: last ? (last.weekday + 1) % 7 : 1, time: last?.time || '09:00' }]);
    setFocusId(fieldId(key, 'weekday'));
  };
  const remove = (key: number) => {
    setRows((all) => all.filter((row) => row.key !== key));
    clearError(key, 'weekday');
    clearError(key, 'time');
    setFocusId(addId);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const submitted = rows;
    setFieldErrors({});
    mutation.mutate(
      { channelId, slots: submitted.map(({ weekday, time }) => ({ weekday, time })) },
      {
        onSuccess: () => {
          toast.show(t('planning.queue.saved', { channel: channelLabel }));
          onDone();
        },
        onError: (failure) => {
          if (!isApiError(failure)) return;
          const errors: Record<string, string> = {};
          let first: string | null = null;
          for (const field of failure.fields) {
            const match = /^slots\.(\d+)\.(weekday|time)$/.exec(field.path);
            const row = match ? submitted[Number(match[1])] : undefined;
            if (!match || !row) continue;
            const part = match[2] as Part;
            // Schema errors (400) are about the format: say it in the person's language.
            const message = failure.status !== 400 ? field.message : part === 'time' ? t('planning.queue.timeInvalid') : t('planning.queue.dayInvalid');
            errors[`${row.key}.${part}`] = message;
            first ??= fieldId(row.key, part);
          }
          setFieldErrors(errors);
          if (first) setFocusId(first);
        },
      },
    );
  };

  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-label={t('planning.queue.list', { channel: channelLabel })}>
      <p className="muted small">{t('planning.queue.zone', { zone: saved.timeZone })}</p>
      {rows.length === 0 ? (
        <p>{t('planning.queue.empty')}</p>
      ) : (
        <ol className="plain-list queue-slots">
          {rows.map((row, index) => (
            <li key={row.key}>
              <fieldset className="queue-slot">
                <legend className="visually-hidden">{t('planning.queue.slot', { number: index + 1 })}</legend>
                <SelectField
                  id={fieldId(row.key, 'weekday')}
                  label={t('planning.queue.day')}
                  value={String(row.weekday)}
                  onChange={(value) => update(row.key, 'weekday', value)}
                  options={dayOptions}
                  error={fieldErrors[`${row.key}.weekday`]}
                  required
                />
                <TextField
                  id={fieldId(row.key, 'time')}
                  type="time"
                  label={t('planning.queue.time')}
                  value={row.time}
                  onChange={(value) => update(row.key, 'time', value)}
                  error={fieldErrors[`${row.key}.time`]}
                  required
                />
                <Button
                  variant="secondary"
                  size="small"
                  onPress={() => remove(row.key)}
                  aria-label={t('planning.queue.removeLabel', { number: index + 1, day: weekdayName(row.weekday, locale), time: row.time })}
                >
                  {t('planning.queue.remove')}
                </Button>
              </fieldset>
            </li>
          ))}
        </ol>
      )}
      <div>
        <Button id={addId} variant="secondary" onPress={add} isDisabled={rows.length >= MAX_SLOTS}>
          {t('planning.queue.add')}
        </Button>
        {rows.length >= MAX_SLOTS ? <p className="muted small">{t('planning.queue.tooMany', { max: MAX_SLOTS })}</p> : null}
      </div>
      {mutation.error && !hasFieldErrors ? <ErrorNotice error={mutation.error} /> : null}
      <div className="form-actions">
        <Button variant="secondary" onPress={onDone}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" isPending={mutation.isPending}>
          {t('planning.queue.save')}
        </Button>
      </div>
    </form>
  );
}
