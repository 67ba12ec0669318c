import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../../../i18n/format.js';
import { formatInZone } from '../../../../i18n/zoned-time.js';
import { Button } from '../../../../ui/button.js';
import { useErrorText } from '../../../../ui/error-text.js';
import { NetworkLabel } from '../../../../ui/network-label.js';
import { ErrorNotice, Skeleton } from '../../../../ui/states.js';
import { useToast } from '../../../../ui/toast.js';
import { isScanBusy, isScanWaiting, useScanStatus } from '../api/get-scan-status.js';
import { useRequestScan } from '../api/request-scan.js';
import { misuseKeys } from '../keys.js';
import { useCodedText } from '../../../../i18n/use-coded-text.js';
import { scanErrorMessages } from '../scan-errors/messages.js';
import type { ChannelScanStatus } from '../types.js';
import { Said } from '../../../../ui/said.js';

type ScanPanelProps = { organisationId: string; timeZone: string; mayManage: boolean };

/**
 * The search for look-alikes: which official Mastodon and Bluesky channels are searched, how each
 * one's last search went (in words, with its error in the reader's language), and "Scan now" for those who manage listening.
 * While a scan waits or runs its state is asked again; when it ends the candidates refresh and a
 * notification says what it found.
 */
export function ScanPanel({ organisationId, timeZone, mayManage }: ScanPanelProps) {
  const { t } = useTranslation();
  const toast = useToast();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const scans = useScanStatus(organisationId);
  const scan = useRequestScan();
  const channels = scans.data ?? [];
  const busy = channels.some((channel) => isScanBusy(channel.lastScan));
  const wasBusy = useRef(false);

  useEffect(() => {
    if (busy) {
      wasBusy.current = true;
      return;
    }
    if (!wasBusy.current || !scans.data) return;
    wasBusy.current = false;
    void queryClient.invalidateQueries({ queryKey: misuseKeys.candidates(organisationId) });
    const found = scans.data.reduce((sum, channel) => sum + (channel.lastScan?.candidates ?? 0), 0);
    const failed = scans.data.filter((channel) => channel.lastScan?.ok === false).length;
    if (failed > 0) toast.show(t('listeningMisuse.scan.toasts.doneWithFailures', { count: failed, found }), 'danger');
    else toast.show(t('listeningMisuse.scan.toasts.done', { count: found }));
  }, [busy, scans.data, organisationId, queryClient, toast, t]);

  const start = () =>
    scan.mutate(organisationId, {
      onSuccess: (queued) => {
        // A short scan may be over before the state is asked again: its end must still be reported.
        if (queued.queued) wasBusy.current = true;
        toast.show(
          queued.queued ? t('listeningMisuse.scan.toasts.queued', { count: queued.channels }) : t('listeningMisuse.scan.noChannels'),
          queued.queued ? 'success' : 'info',
        );
      },
      onError: (error) => toast.show(errorText(error), 'danger'),
    });

  return (
    <section className="card misuse-scan" aria-labelledby="misuse-scan-heading">
      <div className="card-header">
        <h3 id="misuse-scan-heading">{t('listeningMisuse.scan.title')}</h3>
        {mayManage && channels.length > 0 ? (
          <Button variant="secondary" size="small" onPress={start} isPending={scan.isPending || busy}>
            {t('listeningMisuse.scan.now')}
          </Button>
        ) : null}
      </div>
      <p className="muted small misuse-scan-description">{t('listeningMisuse.scan.description')}</p>
      {scans.isPending ? (
        <Skeleton lines={2} label={t('listeningMisuse.scan.loading')} />
      ) : scans.isError ? (
        <ErrorNotice error={scans.error} title={t('listeningMisuse.scan.loadFailed')} onRetry={() => void scans.refetch()} />
      ) : channels.length === 0 ? (
        <p>{t('listeningMisuse.scan.noChannels')}</p>
      ) : (
        <>
          <p className="visually-hidden" role="status">
            {busy ? t('listeningMisuse.scan.busy') : ''}
          </p>
          <ul className="misuse-scan-list">
            {channels.map((channel) => (
              <li key={channel.channelId} className="misuse-scan-item">
                <span className="misuse-scan-channel">
                  <NetworkLabel network={channel.network} showName={false} /> <span className="misuse-name">{channel.handle}</span>
                </span>
                <ScanState channel={channel} timeZone={timeZone} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** One channel's last search, in words. */
function ScanState({ channel, timeZone }: { channel: ChannelScanStatus; timeZone: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const errorInWords = useCodedText(scanErrorMessages);
  const when = (value: string | null) => formatInZone(value, timeZone, format.locale);
  const scan = channel.lastScan;
  if (!scan) return <span className="muted">{t('listeningMisuse.scan.never')}</span>;
  if (isScanWaiting(scan)) return <span className="misuse-scan-state--busy">{t('listeningMisuse.scan.waiting')}</span>;
  if (scan.running)
    return <span className="misuse-scan-state--busy">{t('listeningMisuse.scan.running', { at: when(scan.startedAt) })}</span>;
  const outcome = t('listeningMisuse.scan.outcome', {
    count: scan.candidates,
    accounts: t('listeningMisuse.scan.accounts', { count: scan.accountsSeen }),
    searches: t('listeningMisuse.scan.searches', { count: scan.queries }),
  });
  if (scan.ok === false) {
    const error = errorInWords(scan.errorCode, scan.errorParams, scan.error ?? '');
    return (
      <span className="misuse-scan-state--error">
        {t('listeningMisuse.scan.failed', { at: when(scan.finishedAt) })} <Said said={error} />{' '}
        {scan.lastSuccessAt
          ? t('listeningMisuse.scan.lastSuccess', { at: when(scan.lastSuccessAt) })
          : t('listeningMisuse.scan.neverSucceeded')}
      </span>
    );
  }
  return (
    <span>
      {t('listeningMisuse.scan.done', { at: when(scan.finishedAt) })} {outcome}
    </span>
  );
}
