import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { SelectField } from '../../ui/form.tsx';
import { Card } from '../../ui/layout.tsx';

/** The groups a customer is in (their carts take those groups' prices); staff put them in or take them out. */
export function CustomerGroupsCard({
  customer,
  canManage,
}: {
  customer: { id: string; erased: boolean; groups: { id: string; name: string }[] };
  canManage: boolean;
}) {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [choice, setChoice] = useState('');
  const all = useQuery({
    queryKey: ['customer-groups'],
    queryFn: () => api.get('/admin/v1/customer-groups'),
    enabled: canManage,
  });
  const done = async (message: string) => {
    await queryClient.invalidateQueries({ queryKey: ['customer', customer.id] });
    await queryClient.invalidateQueries({ queryKey: ['customer-groups'] });
    toast(message);
  };
  const add = useMutation({
    mutationFn: (groupId: string) =>
      api.post('/admin/v1/customer-groups/{groupId}/customers', {
        path: { groupId },
        body: { customer_ids: [customer.id] },
      }),
    onSuccess: async () => {
      setChoice('');
      await done(t('groups.addedToast'));
    },
  });
  const remove = useMutation({
    mutationFn: (groupId: string) =>
      api.delete('/admin/v1/customer-groups/{groupId}/customers/{customerId}', {
        path: { groupId, customerId: customer.id },
      }),
    onSuccess: () => done(t('groups.removedToast')),
  });
  const mine = new Set(customer.groups.map((g) => g.id));
  const others = (all.data?.data ?? []).filter((g) => !mine.has(g.id));
  return (
    <Card title={t('nav.customerGroups')}>
      {customer.groups.length === 0 ? (
        <p className="text-sm text-slate-600">{t('groups.inNone')}</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {customer.groups.map((g) => (
            <li key={g.id} className="flex items-center justify-between gap-2">
              <Link
                to="/customer-groups/$groupId"
                params={{ groupId: g.id }}
                className="text-indigo-800 underline"
              >
                {g.name}
              </Link>
              {canManage && (
                <Button
                  small
                  variant="ghost"
                  busy={remove.isPending && remove.variables === g.id}
                  onClick={() => remove.mutate(g.id)}
                >
                  {t('groups.takeOut')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canManage && !customer.erased && others.length > 0 && (
        <form
          className="mt-3 flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (choice) add.mutate(choice);
          }}
        >
          <SelectField
            className="min-w-48 flex-1"
            label={t('groups.putIn')}
            value={choice}
            onChange={(e) => setChoice(e.target.value)}
          >
            <option value="">{t('groups.choose')}</option>
            {others.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </SelectField>
          <Button type="submit" disabled={!choice} busy={add.isPending}>
            {t('groups.add')}
          </Button>
        </form>
      )}
      <ErrorMessage error={add.error ?? remove.error} />
    </Card>
  );
}
