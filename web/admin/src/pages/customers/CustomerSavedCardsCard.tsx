import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Answer } from '../../api/client.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import { brandName } from '../../lib/cards.ts';
import { formatDate } from '../../lib/format.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { Card } from '../../ui/layout.tsx';

type SavedCard = Answer<'/admin/v1/customers/{customerId}/payment-methods', 'get'>['data'][number];

/**
 * The cards a customer saved (at checkout, or in their account), the last used first: brand, last
 * four digits, expiry and when it was last used; the payment provider keeps the card itself, Carton
 * never its number. Staff who may manage customers remove one (a card reported lost, or at the
 * customer's request) after confirming: it is detached at the provider and can no longer be
 * charged. The list follows the live feed (`payment_method.*` marks `['saved-cards', …]` stale),
 * so a card the shopper saves or removes meanwhile shows here without a reload.
 */
export function CustomerSavedCardsCard({
  customer,
  canManage,
}: {
  customer: { id: string };
  canManage: boolean;
}) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const customerId = customer.id;
  const [removing, setRemoving] = useState<SavedCard | null>(null);
  const cards = useQuery({
    queryKey: ['saved-cards', customerId],
    queryFn: () => api.get('/admin/v1/customers/{customerId}/payment-methods', { path: { customerId } }),
  });
  const remove = useMutation({
    mutationFn: (card: SavedCard) =>
      api.delete('/admin/v1/customers/{customerId}/payment-methods/{cardId}', {
        path: { customerId, cardId: card.id },
      }),
    onSuccess: async () => {
      setRemoving(null);
      await queryClient.invalidateQueries({ queryKey: ['saved-cards', customerId] });
      toast(t('savedCards.removed'));
    },
  });
  const label = (c: SavedCard) => t('savedCards.card', { brand: brandName(c.brand), last4: c.last4 });
  const open = (c: SavedCard) => {
    remove.reset();
    setRemoving(c);
  };
  const list = cards.data?.data ?? [];

  return (
    <Card title={t('savedCards.title')}>
      <div data-testid="customer-saved-cards">
        <ErrorMessage error={cards.error} className="mb-3" />
        {cards.isPending ? (
          <p className="text-sm text-slate-600">{t('common.loading')}</p>
        ) : list.length === 0 ? (
          !cards.error && <p className="text-sm text-slate-600">{t('savedCards.none')}</p>
        ) : (
          <ul className="divide-y divide-slate-200">
            {list.map((c) => (
              <li key={c.id} className="flex flex-wrap items-start justify-between gap-2 py-2 text-sm">
                <div className="min-w-0">
                  <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                    <span>{label(c)}</span>
                    {c.expired && <Badge tone="red">{t('savedCards.expired')}</Badge>}
                  </p>
                  <p className="text-slate-600">
                    {t('savedCards.expires', {
                      month: String(c.exp_month).padStart(2, '0'),
                      year: String(c.exp_year),
                    })}
                    {' · '}
                    {c.last_used_at
                      ? t('savedCards.lastUsed', { date: formatDate(c.last_used_at, locale) })
                      : t('savedCards.neverUsed')}
                  </p>
                </div>
                {canManage && (
                  <Button
                    small
                    variant="danger"
                    onClick={() => open(c)}
                    aria-label={t('savedCards.remove', { card: label(c) })}
                  >
                    {t('common.remove')}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
        <p className="mt-3 text-xs text-slate-600">{t('savedCards.noNumbers')}</p>
      </div>
      <Dialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={t('savedCards.removeTitle')}
        footer={
          <>
            <Button onClick={() => setRemoving(null)}>{t('common.cancel')}</Button>
            <Button
              variant="danger"
              busy={remove.isPending}
              onClick={() => removing && remove.mutate(removing)}
            >
              {t('common.remove')}
            </Button>
          </>
        }
      >
        {removing && (
          <p className="text-sm text-slate-700">{t('savedCards.removeExplain', { card: label(removing) })}</p>
        )}
        <ErrorMessage error={remove.error} />
      </Dialog>
    </Card>
  );
}
