import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Answer } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage } from '../../ui/feedback.tsx';
import { Card } from '../../ui/layout.tsx';
import { Table } from '../../ui/table.tsx';
import { locationAddress } from '../../lib/address.ts';
import { LocationDialog } from './LocationDialog.tsx';

export type Location = Answer<'/admin/v1/stock-locations', 'get'>['data'][number];

/** The store's warehouses and shops in allocation order: add one, change its name and address, open or close it. */
export function LocationsCard({ locations, canManage }: { locations: Location[]; canManage: boolean }) {
  const t = useT();
  const queryClient = useQueryClient();
  // The location being changed, 'new' while one is added.
  const [editing, setEditing] = useState<Location | 'new' | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['inventory', 'locations'] });
  const toggle = useMutation({
    mutationFn: (l: Location) =>
      api.patch('/admin/v1/stock-locations/{locationId}', {
        path: { locationId: l.id },
        body: { active: !l.active },
      }),
    onSuccess: () => refresh(),
  });
  return (
    <Card
      title={t('inventory.locations')}
      actions={
        canManage && (
          <Button small onClick={() => setEditing('new')}>
            {t('inventory.addLocation')}
          </Button>
        )
      }
    >
      <Table
        caption={t('inventory.locations')}
        rows={locations}
        rowKey={(l) => l.id}
        empty={t('inventory.noLocations')}
        columns={[
          { header: t('inventory.location'), cell: (l) => l.name },
          { header: t('inventory.code'), cell: (l) => <span className="font-mono text-xs">{l.code}</span> },
          {
            header: t('inventory.address'),
            cell: (l) => locationAddress(l) || <span className="text-slate-600">—</span>,
            wide: true,
          },
          { header: t('inventory.priority'), cell: (l) => l.priority, align: 'right', wide: true },
          {
            header: t('common.status'),
            cell: (l) => <StatusBadge status={l.active ? 'active' : 'disabled'} />,
          },
          {
            header: <span className="sr-only">{t('common.actions')}</span>,
            cell: (l) =>
              canManage && (
                <span className="flex gap-1">
                  <Button
                    small
                    variant="ghost"
                    onClick={() => setEditing(l)}
                    aria-label={t('inventory.editLocationNamed', { name: l.name })}
                  >
                    {t('common.edit')}
                  </Button>
                  <Button small variant="ghost" onClick={() => toggle.mutate(l)}>
                    {l.active ? t('inventory.close') : t('inventory.open')}
                  </Button>
                </span>
              ),
          },
        ]}
      />
      <ErrorMessage error={toggle.error} />
      {editing && (
        <LocationDialog location={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </Card>
  );
}
