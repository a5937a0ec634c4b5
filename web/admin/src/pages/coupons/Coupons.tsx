import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatMoney } from '../../lib/format.ts';
import { useCan, useStore } from '../../lib/me.ts';
import { useCursorList } from '../../lib/paging.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { CursorTable } from '../../ui/CursorTable.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import { DateTime } from '../../ui/values.tsx';
import { CouponDialog, type Coupon } from './CouponDialog.tsx';

/** Coupon codes: what they take off, their window and limits, how often they were used. */
export function CouponsPage() {
  const { t, locale } = useI18n();
  const can = useCan();
  const toast = useToast();
  const store = useStore();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Coupon | 'new' | null>(null);
  const list = useCursorList(['coupons'], (cursor) =>
    api.get('/admin/v1/coupons', { query: { limit: 50, cursor } }),
  );
  const remove = useMutation({
    mutationFn: (c: Coupon) => api.delete('/admin/v1/coupons/{couponId}', { path: { couponId: c.id } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['coupons'] });
      toast(t('coupons.deletedToast'));
    },
  });
  const manage = can('promotions.manage');
  const describe = (c: Coupon) => {
    const d = c.discount;
    if (d.kind === 'percentage') return t('coupons.percentOff', { n: d.basis_points / 100 });
    if (d.kind === 'fixed_amount')
      return Object.entries(d.amounts as Record<string, number>)
        .map(([cur, a]) => formatMoney(a, cur, locale))
        .join(' / ');
    return t('coupons.kind.free_shipping');
  };
  const currency = store.data?.currency ?? 'USD';
  return (
    <Page
      title={t('nav.coupons')}
      actions={
        manage && (
          <Button variant="primary" onClick={() => setEditing('new')}>
            {t('coupons.new')}
          </Button>
        )
      }
    >
      <Card>
        <ErrorMessage error={remove.error} />
        <CursorTable
          list={list}
          caption={t('nav.coupons')}
          rowKey={(c) => c.id}
          empty={t('coupons.none')}
          columns={[
            {
              header: t('coupons.code'),
              cell: (c) => <span className="font-mono font-medium">{c.code}</span>,
            },
            { header: t('coupons.discount'), cell: describe },
            {
              header: t('common.status'),
              cell: (c) => <StatusBadge status={c.active ? 'active' : 'disabled'} />,
            },
            {
              header: t('coupons.used'),
              cell: (c) => (c.usage_limit ? `${c.times_redeemed} / ${c.usage_limit}` : c.times_redeemed),
              align: 'right',
            },
            { header: t('coupons.endsAt'), cell: (c) => <DateTime value={c.ends_at} />, wide: true },
            {
              header: <span className="sr-only">{t('common.actions')}</span>,
              cell: (c) =>
                manage && (
                  <div className="flex gap-1">
                    <Button
                      small
                      onClick={() => setEditing(c)}
                      aria-label={t('coupons.edit', { code: c.code })}
                    >
                      {t('common.edit')}
                    </Button>
                    {c.times_redeemed === 0 && (
                      <Button
                        small
                        variant="ghost"
                        onClick={() => remove.mutate(c)}
                        aria-label={t('coupons.delete', { code: c.code })}
                      >
                        {t('common.delete')}
                      </Button>
                    )}
                  </div>
                ),
            },
          ]}
        />
      </Card>
      {editing && (
        <CouponDialog
          coupon={editing === 'new' ? null : editing}
          currency={currency}
          onClose={() => setEditing(null)}
        />
      )}
    </Page>
  );
}
