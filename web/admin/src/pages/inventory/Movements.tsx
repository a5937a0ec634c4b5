import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { hasMessage, useT } from '../../i18n/I18n.tsx';
import { Card } from '../../ui/layout.tsx';
import { Table } from '../../ui/table.tsx';
import { DateTime } from '../../ui/values.tsx';
import type { Location } from './Locations.tsx';

/** The ledger of the shown product's variants, newest first: what changed stock, and why. */
export function MovementsCard({
  variantIds,
  variants,
  locations,
}: {
  variantIds: string[];
  variants: { id: string; title: string; sku: string }[];
  locations: Location[];
}) {
  const t = useT();
  const movements = useQuery({
    queryKey: ['inventory', 'movements', variantIds.join(',')],
    queryFn: async () => {
      const pages = await Promise.all(
        variantIds
          .slice(0, 20)
          .map((variant_id) =>
            api.get('/admin/v1/inventory/movements', { query: { variant_id, limit: 20 } }),
          ),
      );
      return pages
        .flatMap((p) => p.data)
        .sort((a, b) => (a.created_at < b.created_at ? 1 : -1))
        .slice(0, 30);
    },
    enabled: variantIds.length > 0,
  });
  const kind = (k: string) =>
    hasMessage(`inventory.kind.${k}`) ? t(`inventory.kind.${k}` as 'inventory.kind.adjustment') : k;
  const reason = (r: string | null) =>
    r && hasMessage(`inventory.reason.${r}`)
      ? t(`inventory.reason.${r}` as 'inventory.reason.received')
      : (r ?? '');
  return (
    <Card title={t('inventory.movements')}>
      <Table
        caption={t('inventory.movements')}
        rows={movements.data ?? []}
        rowKey={(m) => m.id}
        empty={t('inventory.noMovements')}
        columns={[
          { header: t('common.date'), cell: (m) => <DateTime value={m.created_at} /> },
          {
            header: t('inventory.variant'),
            cell: (m) => {
              const v = variants.find((x) => x.id === m.variant_id);
              return v ? v.title || v.sku : m.variant_id;
            },
          },
          {
            header: t('inventory.location'),
            cell: (m) => locations.find((l) => l.id === m.location_id)?.name ?? m.location_id,
            wide: true,
          },
          {
            header: t('inventory.movement'),
            cell: (m) => [kind(m.kind), reason(m.reason)].filter(Boolean).join(' · '),
          },
          {
            header: t('inventory.change'),
            cell: (m) => (m.on_hand_delta > 0 ? `+${m.on_hand_delta}` : String(m.on_hand_delta)),
            align: 'right',
          },
          { header: t('inventory.note'), cell: (m) => m.note ?? '', wide: true },
        ]}
      />
    </Card>
  );
}
