import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { useMe } from '../../../app/me-context.js';
import { useOrganisationContext } from '../../../app/organisation-context.js';
import { PageHeader } from '../../../ui/page-header.js';
import { EmptyState, ErrorNotice, Skeleton } from '../../../ui/states.js';
import { usePosts } from '../../compose/api/get-posts.js';
import { PostTable } from '../../compose/components/posts-page.js';
import { canCompose } from '../../compose/draft.js';
import { OrganisationSelect } from '../../organisations/components/organisation-select.js';
import { useReviews } from '../api/get-review.js';
import { LintSettingsForm } from './lint-settings-form.js';
import { WorkflowEditor } from './workflow-editor.js';
import '../../compose/components/compose.css';

/** Posts in review whose current step waits for me. */
function Inbox({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const posts = usePosts({ organisationId, state: 'in_review' });
  const reviews = useReviews((posts.data ?? []).map((post) => post.id));
  if (posts.isPending || reviews.some((r) => r.isPending)) return <Skeleton lines={4} label={t('approvals.loading')} />;
  if (posts.isError) return <ErrorNotice error={posts.error} onRetry={() => void posts.refetch()} />;
  const waiting = posts.data.filter((post) =>
    reviews.some((r) => r.data?.postId === post.id && r.data.currentStep?.approverIds.includes(me.user.id)),
  );
  if (waiting.length === 0) {
    return <EmptyState level={3} title={t('approvals.inboxEmpty')}>{t('approvals.inboxEmptyHint', { count: posts.data.length })}</EmptyState>;
  }
  return <PostTable posts={waiting} organisationId={organisationId} caption={t('approvals.inboxCaption')} />;
}

/** The approvals inbox, and for editors-in-chief and admins the workflow and house-style settings. */
export function ApprovalsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { organisationId: contextId, organisations } = useOrganisationContext();
  const [chosen, setChosen] = useState<string | null>(null);
  const organisationId = chosen ?? contextId ?? '';
  const organisation = organisations.find((o) => o.id === organisationId);
  const mayManage = canCompose.manageApprovals(me, organisation);
  return (
    <>
      <PageHeader title={t('approvals.title')} description={t('approvals.description')} />
      <div className="filters">
        <OrganisationSelect label={t('compose.organisation')} organisations={organisations} value={organisationId} onChange={setChosen} />
      </div>
      {!organisationId ? (
        <div className="card">
          <EmptyState title={t('compose.chooseOrganisation')} />
        </div>
      ) : (
        <Tabs className="tabs">
          <TabList aria-label={t('approvals.tabs')} className="tab-list">
            <Tab id="inbox" className="tab">
              {t('approvals.inbox')}
            </Tab>
            {mayManage ? (
              <Tab id="settings" className="tab">
                {t('approvals.settings')}
              </Tab>
            ) : null}
          </TabList>
          <TabPanel id="inbox" className="tab-panel card">
            <h2>{t('approvals.inboxTitle')}</h2>
            <Inbox key={organisationId} organisationId={organisationId} />
          </TabPanel>
          {mayManage ? (
            <TabPanel id="settings" className="tab-panel stack">
              <WorkflowEditor key={`w-${organisationId}`} organisationId={organisationId} />
              <LintSettingsForm key={`l-${organisationId}`} organisationId={organisationId} />
            </TabPanel>
          ) : null}
        </Tabs>
      )}
    </>
  );
}
