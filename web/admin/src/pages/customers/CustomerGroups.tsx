import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCan } from '../../lib/me.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage } from '../../ui/feedback.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import { Table } from '../../ui/table.tsx';
import { GroupDialog } from './GroupDialog.tsx';

/** The store's customer groups: what each is for and how many customers it holds. */
export function CustomerGroupsPage() {
  const t = useT();
  const can = useCan();
  const [creating, setCreating] = useState(false);
  const groups = useQuery({
    queryKey: ['customer-groups'],
    queryFn: () => api.get('/admin/v1/customer-groups'),
  });
  return (
    <Page
      title={t('nav.customerGroups')}
      actions={
        can('customers.manage') && (
          <Button variant="primary" onClick={() => setCreating(true)}>
            {t('groups.new')}
          </Button>
        )
      }
    >
      <Card>
        <p className="mb-3 text-sm text-slate-700">{t('groups.explain')}</p>
        <ErrorMessage error={groups.error} />
        <Table
          caption={t('nav.customerGroups')}
          rows={groups.data?.data ?? []}
          rowKey={(g) => g.id}
          empty={groups.isPending ? t('common.loading') : t('groups.none')}
          columns={[
            {
              header: t('groups.name'),
              cell: (g) => (
                <Link
                  to="/customer-groups/$groupId"
                  params={{ groupId: g.id }}
                  className="font-medium text-indigo-800 underline"
                >
                  {g.name}
                </Link>
              ),
            },
            { header: t('groups.description'), cell: (g) => g.description ?? '—', wide: true },
            { header: t('groups.members'), cell: (g) => g.member_count, align: 'right' },
          ]}
        />
      </Card>
      {creating && <GroupDialog group={null} onClose={() => setCreating(false)} />}
    </Page>
  );
}
