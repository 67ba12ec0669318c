import { useTranslation } from 'react-i18next';
import type { ListeningSource } from '../types.js';
import { useFormatters } from '../../../i18n/format.js';
import { Button } from '../../../ui/button.js';
import { TableWrap } from '../../../ui/table-wrap.js';
import { POLLED_KINDS, PUBLIC_TIMELINES, TIMELINE_KEY } from '../source-form.js';
import { SourceState } from './source-state.js';

type SourceTableProps = {
  sources: ListeningSource[];
  timeZone: string;
  mayManage: boolean;
  checkingId: string | null;
  togglingId: string | null;
  onToggle: (source: ListeningSource) => void;
  onCheck: (source: ListeningSource) => void;
  onEdit: (source: ListeningSource) => void;
  onDelete: (source: ListeningSource) => void;
};

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/** What a source reads, in a line or two. */
function SourceTarget({ source }: { source: ListeningSource }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const s = source.settings;
  switch (source.kind) {
    case 'feed':
      return <span className="mono break">{String(s.url ?? '')}</span>;
    case 'page':
      return (
        <>
          <span className="mono break">{String(s.url ?? '')}</span>
          {s.selector ? (
            <div className="muted small">{t('listening.sources.target.selector', { selector: String(s.selector) })}</div>
          ) : null}
        </>
      );
    case 'mastodon': {
      const tags = list(s.hashtags).map((tag) => `#${tag}`);
      const timeline = PUBLIC_TIMELINES.find((candidate) => candidate === s.publicTimeline);
      return (
        <>
          <span className="mono break">{String(s.instanceUrl ?? '')}</span>
          {tags.length ? <div className="small">{format.list(tags)}</div> : null}
          {timeline && timeline !== 'none' ? (
            <div className="small">{t(`listening.sourceForm.timelines.${TIMELINE_KEY[timeline]}`)}</div>
          ) : null}
        </>
      );
    }
    case 'bluesky': {
      const keywords = list(s.keywords);
      const languages = list(s.languages);
      return (
        <>
          <div className="small">
            {languages.length
              ? t('listening.sources.target.languages', { languages: format.list(languages) })
              : t('listening.sources.target.allLanguages')}
          </div>
          <div className="small">
            {keywords.length
              ? t('listening.sources.target.keywords', { keywords: format.list(keywords) })
              : t('listening.sources.target.allPosts')}
          </div>
        </>
      );
    }
    case 'own_mentions': {
      const count = list(s.channelIds).length;
      return (
        <span className="small">
          {count ? t('listening.sources.target.channels', { count }) : t('listening.sources.target.allChannels')}
        </span>
      );
    }
  }
}

/** The sources with what they read, their state in words, and the actions the person may take. */
export function SourceTable({
  sources,
  timeZone,
  mayManage,
  checkingId,
  togglingId,
  onToggle,
  onCheck,
  onEdit,
  onDelete,
}: SourceTableProps) {
  const { t } = useTranslation();
  const caption = t('listening.sources.caption', { count: sources.length });
  return (
    <TableWrap label={caption}>
      <table className="table source-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('listening.sources.name')}</th>
            <th scope="col">{t('listening.sources.reads')}</th>
            <th scope="col">{t('listening.sources.stateColumn')}</th>
            <th scope="col">{t('listening.sources.activeColumn')}</th>
            <th scope="col" className="actions">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sources.map((source) => (
            <tr key={source.id}>
              <th scope="row">
                <div>{source.name}</div>
                <div className="muted small">{t(`listening.kinds.${source.kind}`)}</div>
              </th>
              <td className="source-target">
                <SourceTarget source={source} />
              </td>
              <td className="source-state-cell">
                <SourceState source={source} timeZone={timeZone} />
              </td>
              <td>
                {mayManage ? (
                  <label className="choice">
                    <input type="checkbox" checked={source.active} disabled={togglingId === source.id} onChange={() => onToggle(source)} />
                    {t('listening.sources.active')}
                    <span className="visually-hidden"> {source.name}</span>
                  </label>
                ) : source.active ? (
                  t('listening.sources.active')
                ) : (
                  t('listening.sources.inactive')
                )}
              </td>
              <td className="actions">
                {mayManage ? (
                  <div className="row" style={{ justifyContent: 'flex-end' }}>
                    {POLLED_KINDS.includes(source.kind) ? (
                      <Button
                        variant="secondary"
                        size="small"
                        onPress={() => onCheck(source)}
                        isPending={checkingId === source.id}
                        aria-label={t('listening.sources.checkNamed', { name: source.name })}
                      >
                        {t('listening.sources.check')}
                      </Button>
                    ) : null}
                    <Button
                      variant="secondary"
                      size="small"
                      onPress={() => onEdit(source)}
                      aria-label={t('listening.sources.editNamed', { name: source.name })}
                    >
                      {t('common.edit')}
                    </Button>
                    <Button
                      variant="ghost"
                      size="small"
                      onPress={() => onDelete(source)}
                      aria-label={t('listening.sources.deleteNamed', { name: source.name })}
                    >
                      {t('common.delete')}
                    </Button>
                  </div>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
