import { type ChangeEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContentLanguage, MediaAsset } from '../../../api/types.js';
import { useFormatters } from '../../../i18n/format.js';
import { Button } from '../../../ui/button.js';
import { TextField } from '../../../ui/field.js';
import { ErrorNotice } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { useMedia } from '../api/get-media.js';
import { useUpdateMediaAltTexts } from '../api/update-media.js';
import { useUploadMedia } from '../api/upload-media.js';

type AltTexts = Partial<Record<ContentLanguage, string>>;

/** One library file: attach it, and describe it in each language the chosen channels speak. */
function MediaItem({
  media,
  attached,
  languages,
  readOnly,
  onToggle,
}: {
  media: MediaAsset;
  attached: boolean;
  languages: ContentLanguage[];
  readOnly: boolean;
  onToggle: (checked: boolean) => void;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const toast = useToast();
  const save = useUpdateMediaAltTexts();
  const [altTexts, setAltTexts] = useState<AltTexts>(media.altTexts);
  const dirty = languages.some((l) => (altTexts[l] ?? '') !== (media.altTexts[l] ?? ''));
  return (
    <li className="media-item">
      <label className="choice">
        <input type="checkbox" checked={attached} disabled={readOnly} onChange={(event) => onToggle(event.target.checked)} />
        <span>{media.fileName}</span>
        <span className="muted small">
          ({media.mimeType}, {format.number(Math.ceil(media.byteSize / 1000))} kB)
        </span>
      </label>
      {attached ? (
        <div className="media-alts">
          {languages.map((language) => {
            const missing = (altTexts[language] ?? '').trim() === '';
            return (
              <TextField
                key={language}
                label={t('compose.media.altText', { language: format.languageName(language), file: media.fileName })}
                value={altTexts[language] ?? ''}
                onChange={(value) => setAltTexts((all) => ({ ...all, [language]: value }))}
                error={missing ? t('compose.media.altMissing') : undefined}
                required
                readOnly={readOnly}
                maxLength={5000}
              />
            );
          })}
          {!readOnly ? (
            <Button
              variant="secondary"
              size="small"
              isDisabled={!dirty}
              isPending={save.isPending}
              onPress={() =>
                save.mutate(
                  { id: media.id, altTexts: { ...media.altTexts, ...altTexts } },
                  { onSuccess: () => toast.show(t('compose.media.altSaved', { file: media.fileName })) },
                )
              }
            >
              {t('compose.media.saveAlt')}
            </Button>
          ) : null}
          {save.error ? <ErrorNotice error={save.error} /> : null}
        </div>
      ) : null}
    </li>
  );
}

/** The media library of the organisation, with upload; the selection applies to every channel. */
export function MediaPicker({
  organisationId,
  mediaIds,
  languages,
  readOnly,
  onChange,
}: {
  organisationId: string;
  mediaIds: string[];
  languages: ContentLanguage[];
  readOnly: boolean;
  onChange: (mediaIds: string[]) => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const inputId = useId();
  const library = useMedia(organisationId);
  const upload = useUploadMedia();

  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    upload.mutate(
      { organisationId, file },
      {
        onSuccess: (media) => {
          onChange([...mediaIds, media.id]);
          toast.show(t('compose.media.uploaded', { file: media.fileName }));
        },
      },
    );
  };

  return (
    <fieldset className="field">
      <legend>{t('compose.media.label')}</legend>
      <p className="field-hint">{t('compose.media.hint')}</p>
      {!readOnly ? (
        <div className="field">
          <label htmlFor={inputId}>{t('compose.media.upload')}</label>
          <input id={inputId} type="file" accept="image/*,video/*" onChange={onFile} disabled={upload.isPending} />
          {upload.isPending ? <span className="muted small">{t('compose.media.uploading')}</span> : null}
        </div>
      ) : null}
      {upload.error ? <ErrorNotice error={upload.error} title={t('compose.media.uploadFailed')} /> : null}
      {library.data && library.data.length > 0 ? (
        <ul className="plain-list media-list">
          {[...library.data]
            .sort((a, b) => Number(mediaIds.includes(b.id)) - Number(mediaIds.includes(a.id)))
            .map((media) => (
              <MediaItem
                key={media.id}
                media={media}
                attached={mediaIds.includes(media.id)}
                languages={languages}
                readOnly={readOnly}
                onToggle={(checked) => onChange(checked ? [...mediaIds, media.id] : mediaIds.filter((id) => id !== media.id))}
              />
            ))}
        </ul>
      ) : library.isSuccess ? (
        <p className="muted small">{t('compose.media.empty')}</p>
      ) : null}
    </fieldset>
  );
}
