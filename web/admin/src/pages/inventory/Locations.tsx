import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, type Answer } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18n.tsx';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { TextField } from '../../ui/form.tsx';
import { Card } from '../../ui/layout.tsx';
import { Table } from '../../ui/table.tsx';

export type Location = Answer<'/admin/v1/stock-locations', 'get'>['data'][number];

/** The store's warehouses in allocation order: add one, open or close one. */
export function LocationsCard({ locations, canManage }: { locations: Location[]; canManage: boolean }) {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['inventory', 'locations'] });
  const create = useMutation({
    mutationFn: () =>
      api.post('/admin/v1/stock-locations', { body: { name: name.trim(), code: code.trim() } }),
    onSuccess: async () => {
      setName('');
      setCode('');
      await refresh();
      toast(t('inventory.locationAdded'));
    },
  });
  const toggle = useMutation({
    mutationFn: (l: Location) =>
      api.patch('/admin/v1/stock-locations/{locationId}', {
        path: { locationId: l.id },
        body: { active: !l.active },
      }),
    onSuccess: () => refresh(),
  });
  const err = isApiError(create.error) ? create.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Card title={t('inventory.locations')}>
      <Table
        caption={t('inventory.locations')}
        rows={locations}
        rowKey={(l) => l.id}
        empty={t('inventory.noLocations')}
        columns={[
          { header: t('inventory.location'), cell: (l) => l.name },
          { header: t('inventory.code'), cell: (l) => <span className="font-mono text-xs">{l.code}</span> },
          { header: t('inventory.priority'), cell: (l) => l.priority, align: 'right', wide: true },
          {
            header: t('common.status'),
            cell: (l) => <StatusBadge status={l.active ? 'active' : 'disabled'} />,
          },
          {
            header: <span className="sr-only">{t('common.actions')}</span>,
            cell: (l) =>
              canManage && (
                <Button small variant="ghost" onClick={() => toggle.mutate(l)}>
                  {l.active ? t('inventory.close') : t('inventory.open')}
                </Button>
              ),
          },
        ]}
      />
      <ErrorMessage error={toggle.error} />
      {canManage && (
        <form
          onSubmit={submit}
          className="mt-4 grid grid-cols-1 gap-3 sm:grid-cols-[1fr_12rem_auto]"
          noValidate
        >
          <TextField
            label={t('inventory.newLocation')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={err?.fieldError('name')}
          />
          <TextField
            label={t('inventory.code')}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            error={err?.fieldError('code')}
          />
          <div className="flex items-end">
            <Button type="submit" disabled={!name.trim() || !code.trim()} busy={create.isPending}>
              {t('common.add')}
            </Button>
          </div>
          <ErrorMessage error={create.error} className="sm:col-span-3" />
        </form>
      )}
    </Card>
  );
}
