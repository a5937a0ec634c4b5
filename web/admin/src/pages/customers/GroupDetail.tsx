import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCan } from '../../lib/me.ts';
import { useCursorList } from '../../lib/paging.ts';
import { Button } from '../../ui/Button.tsx';
import { CursorTable } from '../../ui/CursorTable.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage, Loading, useToast } from '../../ui/feedback.tsx';
import { Card, Facts, Page } from '../../ui/layout.tsx';
import { CustomerLink } from './CustomerList.tsx';
import { GroupDialog } from './GroupDialog.tsx';

/** One customer group: rename or delete it, and see and take out its customers. */
export function GroupDetailPage() {
  const t = useT();
  const can = useCan();
  const toast = useToast();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { groupId } = useParams({ from: '/app/customer-groups/$groupId' });
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const group = useQuery({
    queryKey: ['customer-groups', groupId],
    queryFn: () => api.get('/admin/v1/customer-groups/{groupId}', { path: { groupId } }),
  });
  const members = useCursorList(['customer-groups', groupId, 'members'], (cursor) =>
    api.get('/admin/v1/customer-groups/{groupId}/customers', {
      path: { groupId },
      query: { limit: 25, cursor },
    }),
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['customer-groups'] });
  const remove = useMutation({
    mutationFn: (customerId: string) =>
      api.delete('/admin/v1/customer-groups/{groupId}/customers/{customerId}', {
        path: { groupId, customerId },
      }),
    onSuccess: async () => {
      await refresh();
      toast(t('groups.removedToast'));
    },
  });
  const destroy = useMutation({
    mutationFn: () => api.delete('/admin/v1/customer-groups/{groupId}', { path: { groupId } }),
    onSuccess: async () => {
      await refresh();
      toast(t('groups.deletedToast'));
      await navigate({ to: '/customer-groups' });
    },
  });

  if (group.isPending) return <Loading />;
  if (!group.data)
    return (
      <Page title={t('nav.customerGroups')}>
        <ErrorMessage error={group.error} />
      </Page>
    );
  const g = group.data;
  const manage = can('customers.manage');
  return (
    <Page
      title={g.name}
      back={
        <Link to="/customer-groups" className="text-indigo-800 underline">
          ← {t('nav.customerGroups')}
        </Link>
      }
      actions={
        manage && (
          <>
            <Button onClick={() => setEditing(true)}>{t('common.edit')}</Button>
            <Button variant="danger" onClick={() => setDeleting(true)}>
              {t('common.delete')}
            </Button>
          </>
        )
      }
    >
      <Card>
        <Facts
          items={[
            [t('groups.description'), g.description ?? '—'],
            [t('groups.members'), g.member_count],
          ]}
        />
        <p className="mt-3 text-sm text-slate-700">{t('groups.addHint')}</p>
      </Card>
      <Card title={t('groups.members')}>
        <ErrorMessage error={remove.error} />
        <CursorTable
          list={members}
          caption={t('groups.members')}
          rowKey={(c) => c.id}
          empty={t('groups.noMembers')}
          columns={[
            {
              header: t('customers.name'),
              cell: (c) => <CustomerLink customer={c} />,
            },
            {
              header: t('customers.email'),
              cell: (c) => <span className="break-all">{c.email}</span>,
              wide: true,
            },
            {
              header: <span className="sr-only">{t('common.actions')}</span>,
              cell: (c) =>
                manage && (
                  <Button
                    small
                    variant="ghost"
                    busy={remove.isPending && remove.variables === c.id}
                    onClick={() => remove.mutate(c.id)}
                  >
                    {t('groups.takeOut')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      {editing && <GroupDialog group={g} onClose={() => setEditing(false)} />}
      <Dialog
        open={deleting}
        onClose={() => setDeleting(false)}
        title={t('groups.deleteTitle', { name: g.name })}
        footer={
          <>
            <Button onClick={() => setDeleting(false)}>{t('common.cancel')}</Button>
            <Button variant="danger" busy={destroy.isPending} onClick={() => destroy.mutate()}>
              {t('common.delete')}
            </Button>
          </>
        }
      >
        <p className="text-sm text-slate-700">{t('groups.deleteExplain', { n: g.member_count })}</p>
        <ErrorMessage error={destroy.error} />
      </Dialog>
    </Page>
  );
}
