import { Link } from '@tanstack/react-router';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCan } from '../../lib/me.ts';
import { useCursorList } from '../../lib/paging.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { buttonClass } from '../../ui/Button.tsx';
import { CursorTable } from '../../ui/CursorTable.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import { DateTime } from '../../ui/values.tsx';
import { shortDelay } from './campaign-draft.ts';

/** The store's recovery campaigns with their status; the highest priority wins a cart. */
export function CampaignsPage() {
  const t = useT();
  const can = useCan();
  const list = useCursorList(['campaigns', 'list'], (cursor) =>
    api.get('/admin/v1/recovery/campaigns', { query: { limit: 50, cursor } }),
  );
  const units = { d: t('recovery.unit.d'), h: t('recovery.unit.h'), min: t('recovery.unit.min') };
  return (
    <Page
      title={t('nav.campaigns')}
      actions={
        can('recovery.manage') && (
          <Link to="/recovery/campaigns/new" className={buttonClass('primary')}>
            {t('campaigns.new')}
          </Link>
        )
      }
    >
      <Card>
        <CursorTable
          list={list}
          caption={t('nav.campaigns')}
          rowKey={(c) => c.id}
          empty={t('campaigns.none')}
          columns={[
            {
              header: t('campaigns.name'),
              cell: (c) => (
                <Link
                  to="/recovery/campaigns/$campaignId"
                  params={{ campaignId: c.id }}
                  className="font-medium text-indigo-800 underline"
                >
                  {c.name}
                </Link>
              ),
            },
            { header: t('common.status'), cell: (c) => <StatusBadge status={c.status} /> },
            { header: t('campaigns.priority'), cell: (c) => c.priority, align: 'right', wide: true },
            {
              header: t('campaigns.steps'),
              cell: (c) =>
                c.steps
                  .map((s) => `${shortDelay(s.delay_minutes, units)} ${t(`templates.channel.${s.channel}`)}`)
                  .join(' → '),
            },
            {
              header: t('campaigns.activatedAt'),
              cell: (c) => <DateTime value={c.activated_at} />,
              wide: true,
            },
          ]}
        />
      </Card>
    </Page>
  );
}
