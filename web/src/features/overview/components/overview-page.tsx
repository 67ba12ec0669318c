import { Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type Channel, NETWORKS, type Network } from '../../../api/types.js';
import { can, useMe } from '../../../app/me-context.js';
import { useOrganisationContext } from '../../../app/organisation-context.js';
import { useFormatters } from '../../../i18n/format.js';
import { Badge } from '../../../ui/badge.js';
import { buttonClass } from '../../../ui/button.js';
import { NetworkLabel } from '../../../ui/network-label.js';
import { PageHeader } from '../../../ui/page-header.js';
import { Stat } from '../../../ui/stat.js';
import { EmptyState, ErrorNotice, Notice, Skeleton } from '../../../ui/states.js';
import { StatusBadge } from '../../../ui/status-badge.js';
import { attentionReasons } from '../../channels/attention.js';
import { useChannels } from '../../channels/api/get-channels.js';
import { localName, subtreeIds } from '../../organisations/tree.js';
import { TableWrap } from '../../../ui/table-wrap.js';

type NetworkCount = { network: Network; channels: number; active: number; organisations: number };

function countByNetwork(channels: Channel[]): NetworkCount[] {
  return NETWORKS.map((network) => {
    const onNetwork = channels.filter((channel) => channel.network === network && channel.status !== 'archived');
    return {
      network,
      channels: onNetwork.length,
      active: onNetwork.filter((channel) => channel.status === 'active').length,
      organisations: new Set(onNetwork.map((channel) => channel.organisationId)).size,
    };
  }).filter((row) => row.channels > 0);
}

const ATTENTION_SHOWN = 8;

/** The first page after sign-in: the registry at a glance and what needs a look. */
export function OverviewPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const format = useFormatters();
  const { organisationId, organisations, isLoading: organisationsLoading } = useOrganisationContext();
  const channels = useChannels(organisationId ? { organisationId, subtree: true } : {});
  const current = organisations.find((organisation) => organisation.id === organisationId);

  const scope = useMemo(
    () => (organisationId ? subtreeIds(organisations, organisationId) : new Set<string>()),
    [organisations, organisationId],
  );
  const list = useMemo(() => channels.data ?? [], [channels.data]);
  const perNetwork = useMemo(() => countByNetwork(list), [list]);
  const needsAttention = useMemo(
    () => list.map((channel) => ({ channel, reasons: attentionReasons(channel) })).filter((item) => item.reasons.length > 0),
    [list],
  );
  const isDemo = list.some((channel) => channel.isDemo) || organisations.some((organisation) => organisation.isDemo);
  const canWrite = organisations.some((organisation) => can.writeRegistry(me, organisation));
  const firstName = me.user.name.split(' ')[0] || me.user.name;

  return (
    <>
      <PageHeader
        title={t('overview.title', { name: firstName })}
        description={
          current ? t('overview.descriptionFor', { name: localName(current, i18n.resolvedLanguage ?? 'nl') }) : t('overview.description')
        }
      />

      {isDemo ? (
        <Notice tone="warning" title={t('demo.title')}>
          {t('demo.overview')}
        </Notice>
      ) : null}

      {!organisationsLoading && organisations.length === 0 ? (
        <Notice title={t('organisations.empty')}>{t('organisations.emptyHint')}</Notice>
      ) : null}

      {channels.isPending || organisationsLoading ? (
        <div className="card">
          <Skeleton lines={5} />
        </div>
      ) : channels.isError ? (
        <ErrorNotice error={channels.error} onRetry={() => void channels.refetch()} />
      ) : (
        <>
          <section aria-labelledby="overview-figures" className="grid grid-stats">
            <h2 id="overview-figures" className="visually-hidden">
              {t('overview.figures')}
            </h2>
            <Stat value={format.number(scope.size || organisations.length)} label={t('overview.stats.organisations')} />
            <Stat
              value={format.number(list.filter((channel) => channel.status !== 'archived').length)}
              label={t('overview.stats.channels')}
            />
            <Stat value={format.number(perNetwork.length)} label={t('overview.stats.networks')} />
            <Stat value={format.number(needsAttention.length)} label={t('overview.stats.attention')} />
          </section>

          <div className="grid grid-2" style={{ marginTop: 'var(--space-5)' }}>
            <section className="card" aria-labelledby="per-network-title">
              <h2 id="per-network-title">{t('overview.perNetwork.title')}</h2>
              {perNetwork.length === 0 ? (
                <EmptyState level={3} title={t('overview.perNetwork.empty')} />
              ) : (
                <TableWrap label={t('overview.perNetwork.caption')}>
                  <table className="table table--compact">
                    <caption className="visually-hidden">{t('overview.perNetwork.caption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('overview.perNetwork.network')}</th>
                        <th scope="col" className="num">
                          {t('overview.perNetwork.channels')}
                        </th>
                        <th scope="col" className="num">
                          {t('overview.perNetwork.active')}
                        </th>
                        <th scope="col" className="num">
                          {t('overview.perNetwork.organisations')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {perNetwork.map((row) => (
                        <tr key={row.network}>
                          <th scope="row">
                            <Link to="/channels" search={{ organisationId: organisationId ?? undefined, network: row.network }}>
                              <NetworkLabel network={row.network} />
                            </Link>
                          </th>
                          <td className="num">{format.number(row.channels)}</td>
                          <td className="num">{format.number(row.active)}</td>
                          <td className="num">{format.number(row.organisations)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableWrap>
              )}
            </section>

            <section className="card" aria-labelledby="attention-title">
              <h2 id="attention-title">{t('overview.attention.title')}</h2>
              <p className="muted small">{t('overview.attention.hint')}</p>
              {needsAttention.length === 0 ? (
                <EmptyState level={3} title={t('overview.attention.none')} />
              ) : (
                <>
                  <ul className="plain-list" style={{ margin: 0 }}>
                    {needsAttention.slice(0, ATTENTION_SHOWN).map(({ channel, reasons }) => (
                      <li key={channel.id} className="attention-item">
                        <NetworkLabel network={channel.network} showName={false} />
                        <span>
                          <strong>{channel.displayName || channel.handle}</strong>
                          <span className="muted small"> · {channel.organisationName}</span>
                        </span>
                        <span className="row">
                          {channel.status === 'dormant' ? <StatusBadge status={channel.status} /> : null}
                          {reasons.includes('stale') ? (
                            <Badge tone="warning">{t('attention.staleSince', { date: format.date(channel.followersMeasuredOn) })}</Badge>
                          ) : null}
                          {reasons.includes('missing') ? <Badge tone="warning">{t('attention.missing')}</Badge> : null}
                        </span>
                      </li>
                    ))}
                  </ul>
                  {needsAttention.length > ATTENTION_SHOWN ? (
                    <p className="small" style={{ marginTop: 'var(--space-3)' }}>
                      {t('overview.attention.more', { count: needsAttention.length - ATTENTION_SHOWN })}
                    </p>
                  ) : null}
                </>
              )}
            </section>
          </div>

          <section className="card" aria-labelledby="quick-links-title" style={{ marginTop: 'var(--space-5)' }}>
            <h2 id="quick-links-title">{t('overview.quickLinks.title')}</h2>
            <div className="page-actions">
              <Link to="/channels" search={{ organisationId: organisationId ?? undefined }} className={buttonClass('secondary')}>
                {t('overview.quickLinks.channels')}
              </Link>
              {canWrite ? (
                <Link to="/channels/import" search={{ organisationId: organisationId ?? undefined }} className={buttonClass('secondary')}>
                  {t('overview.quickLinks.import')}
                </Link>
              ) : null}
              <Link to="/reports/inventory" search={{ organisationId: organisationId ?? undefined }} className={buttonClass('secondary')}>
                {t('overview.quickLinks.inventory')}
              </Link>
              <Link to="/organisations" className={buttonClass('secondary')}>
                {t('overview.quickLinks.organisations')}
              </Link>
              <a href="/directory" className={buttonClass('secondary')}>
                {t('overview.quickLinks.directory')}
              </a>
            </div>
          </section>
        </>
      )}
    </>
  );
}
