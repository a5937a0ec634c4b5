import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api, type Answer } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import { brandName } from '../../lib/cards.ts';
import { formatMoney } from '../../lib/format.ts';
import { useCan } from '../../lib/me.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { Checkbox } from '../../ui/form.tsx';
import { Card } from '../../ui/layout.tsx';
import { DateTime } from '../../ui/values.tsx';
import { maskedCode } from '../gift-cards/gift-cards.ts';
import { draftKey, missingParts, MISSING_MESSAGE, type DraftOrder } from './draft.ts';
import { leftToPay, MAX_DRAFT_GIFT_CARDS, usableCredit } from './store-credit.ts';

export type PaymentLink = Answer<'/admin/v1/draft-orders/{draftId}/payment-link', 'post'>;
type PaymentMethod = 'bank_transfer' | 'cash_on_delivery';
const PAYMENT_METHODS: PaymentMethod[] = ['bank_transfer', 'cash_on_delivery'];
type SavedCard = Answer<'/admin/v1/customers/{customerId}/payment-methods', 'get'>['data'][number];
const isManual = (m: string): m is PaymentMethod => (PAYMENT_METHODS as string[]).includes(m);

/** A refusal, readable: what the draft still needs (CHECKOUT_INCOMPLETE), else the problem as is. */
function DraftError({ error, className = '' }: { error: unknown; className?: string }) {
  const { t } = useI18n();
  const parts = missingParts(error);
  if (!parts.length) return <ErrorMessage error={error} className={className} />;
  return (
    <div
      role="alert"
      className={`rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 ${className}`}
    >
      <p className="font-medium">{t('drafts.notReady')}</p>
      <ul className="mt-1 list-disc pl-5">
        {parts.map((p) => (
          <li key={p}>{t(MISSING_MESSAGE[p])}</li>
        ))}
      </ul>
    </div>
  );
}

/** After the draft became an order, or was refused for a total or a cart that moved: fetch anew. */
function useRefreshAfterCheckout(draftId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: draftKey(draftId) }),
      queryClient.invalidateQueries({ queryKey: ['draft-orders', 'list'] }),
      queryClient.invalidateQueries({ queryKey: ['orders'] }),
      queryClient.invalidateQueries({ queryKey: ['reports'] }),
    ]);
}

/**
 * Staff place the order themselves: paid by bank transfer or cash on delivery, marked paid if the
 * money is in; or, for a registered customer, by charging a card they saved, now and with them
 * away (a card that needs their verification is declined: the refusal shows here, the draft stays).
 * The cards follow the live feed as on the customer's page (same query key). The customer's store
 * credit and gift cards (usable ones, in the draft's currency) can be ticked to be spent first: the
 * method pays what is left, and none is asked when the credit covers the whole order.
 */
export function PlaceOrderDialog({
  draft,
  onClose,
  onRefused,
}: {
  draft: DraftOrder;
  onClose: () => void;
  onRefused: (error: unknown) => void;
}) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const navigate = useNavigate();
  const refresh = useRefreshAfterCheckout(draft.id);
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<string>('bank_transfer');
  const [paid, setPaid] = useState(false);
  const can = useCan();
  // Marking it paid is a capture: only with payments.manage (the API says the same).
  const canMarkPaid = can('payments.manage');
  const customerId = draft.customer_id;
  const savedCards = useQuery({
    queryKey: ['saved-cards', customerId],
    queryFn: () =>
      api.get('/admin/v1/customers/{customerId}/payment-methods', { path: { customerId: customerId! } }),
    enabled: !!customerId && can('customers.read'),
  });
  const cards = customerId ? (savedCards.data?.data ?? []) : [];
  // The customer's gift cards (`['gift-cards', …]`: the live feed marks them stale when spent).
  const giftCards = useQuery({
    queryKey: ['gift-cards', 'customer', customerId, 'usable'],
    queryFn: () =>
      api.get('/admin/v1/gift-cards', { query: { customer_id: customerId!, status: 'active', limit: 50 } }),
    enabled: !!customerId && can('gift_cards.read'),
  });
  const credit = customerId ? usableCredit(giftCards.data?.data ?? [], draft.currency) : [];
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  // Only cards still listed as usable are spent (one used up meanwhile drops out).
  const spent = new Set(credit.filter((c) => ticked.has(c.id)).map((c) => c.id));
  const left = leftToPay(draft.totals.total, credit, spent);
  const covered = spent.size > 0 && left === 0;
  const tick = (id: string, on: boolean) =>
    setTicked((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  // A card chosen, then removed or expired meanwhile (the live feed): back to a manual method.
  const method =
    isManual(chosen) || cards.some((c) => c.id === chosen && !c.expired) ? chosen : 'bank_transfer';
  const byCard = !covered && !isManual(method);
  const total = formatMoney(draft.totals.total, draft.currency, locale);
  const leftText = formatMoney(left, draft.currency, locale);
  const place = useMutation({
    mutationFn: () =>
      api.post('/admin/v1/draft-orders/{draftId}/complete', {
        path: { draftId: draft.id },
        body: {
          ...(spent.size > 0 ? { gift_card_ids: [...spent] } : {}),
          // The credit covers it all: no method pays anything.
          ...(covered ? {} : { payment_method: method }),
          // Manual methods only: a card is charged, never marked paid.
          ...(byCard || covered ? {} : { mark_paid: canMarkPaid && paid }),
          expected_total: draft.totals.total,
        },
      }),
    onSuccess: async (checkout) => {
      await refresh();
      if (checkout.order) {
        toast(t('drafts.placedToast', { number: checkout.order.display_number }));
        await navigate({ to: '/orders/$orderId', params: { orderId: checkout.order.id } });
      } else {
        toast(t('drafts.placingToast'), 'info');
        onClose();
      }
    },
    onError: async (err) => {
      onRefused(err);
      // The total or the cart moved under staff's feet: show it as it is now.
      if (isApiError(err) && ['CHECKOUT_TOTAL_CHANGED', 'CART_CHANGED', 'CART_NOT_ACTIVE'].includes(err.code))
        await refresh();
      // A card refused as not the customer's, or expired: the list as it is now.
      if (byCard && isApiError(err) && err.status === 422)
        await queryClient.invalidateQueries({ queryKey: ['saved-cards', customerId] });
      // A gift card refused (spent, disabled, not theirs meanwhile): the cards as they are now.
      if (spent.size > 0 && isApiError(err) && err.status === 422)
        await queryClient.invalidateQueries({ queryKey: ['gift-cards', 'customer', customerId] });
    },
  });

  return (
    <Dialog
      open
      onClose={onClose}
      title={t('drafts.placeOrder')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="primary" busy={place.isPending} onClick={() => place.mutate()}>
            {byCard ? t('drafts.chargeAndPlace', { total: leftText }) : t('drafts.placeOrder')}
          </Button>
        </>
      }
    >
      <p className="text-sm text-slate-700">
        {t('drafts.placeExplain', { total, email: draft.email ?? '—' })}
      </p>
      {credit.length > 0 && (
        <fieldset data-testid="draft-store-credit">
          <legend className="mb-1 text-sm font-medium text-slate-800">{t('drafts.storeCredit')}</legend>
          <p className="mb-1 text-xs text-slate-600">{t('drafts.storeCreditHint')}</p>
          <div className="space-y-1">
            {credit.map((c) => (
              <Checkbox
                key={c.id}
                label={t('drafts.creditOption', {
                  card: maskedCode(c.last_characters),
                  balance: formatMoney(c.balance, c.currency, locale),
                })}
                checked={spent.has(c.id)}
                disabled={!spent.has(c.id) && spent.size >= MAX_DRAFT_GIFT_CARDS}
                onChange={(e) => tick(c.id, e.target.checked)}
              />
            ))}
          </div>
          {spent.size > 0 && (
            <p className="mt-2 text-sm font-medium text-slate-800" role="status">
              {covered ? t('drafts.creditCovers') : t('drafts.leftToPay', { amount: leftText })}
            </p>
          )}
        </fieldset>
      )}
      {!covered && (
        <fieldset>
          <legend className="mb-1 text-sm font-medium text-slate-800">{t('drafts.paymentMethod')}</legend>
          <div className="space-y-1">
            {PAYMENT_METHODS.map((m) => (
              <label key={m} className="flex items-center gap-2 text-sm text-slate-800">
                <input
                  type="radio"
                  name="draft-payment-method"
                  value={m}
                  checked={method === m}
                  onChange={() => setChosen(m)}
                  className="h-4 w-4 accent-indigo-700"
                />
                {t(`orders.paymentMethod.${m}`)}
              </label>
            ))}
          </div>
          {cards.length > 0 && (
            <fieldset className="mt-3">
              <legend className="mb-1 text-sm font-medium text-slate-800">{t('drafts.savedCards')}</legend>
              <div className="space-y-1">
                {cards.map((c) => (
                  <SavedCardOption
                    key={c.id}
                    card={c}
                    checked={method === c.id}
                    onChange={() => setChosen(c.id)}
                  />
                ))}
              </div>
              <p className="mt-1 text-xs text-slate-600">{t('drafts.customerAway')}</p>
            </fieldset>
          )}
        </fieldset>
      )}
      {canMarkPaid && !byCard && !covered && (
        <div>
          <Checkbox label={t('drafts.markPaid')} checked={paid} onChange={(e) => setPaid(e.target.checked)} />
          <p className="mt-1 pl-6 text-xs text-slate-600">{t('drafts.markPaidHint')}</p>
        </div>
      )}
      <DraftError error={place.error} />
    </Dialog>
  );
}

/** One saved card to charge: brand, last four digits, expiry; an expired one shown, not chosen. */
function SavedCardOption({
  card,
  checked,
  onChange,
}: {
  card: SavedCard;
  checked: boolean;
  onChange: () => void;
}) {
  const { t } = useI18n();
  const label = t(card.expired ? 'drafts.cardOptionExpired' : 'drafts.cardOption', {
    card: t('savedCards.card', { brand: brandName(card.brand), last4: card.last4 }),
    month: String(card.exp_month).padStart(2, '0'),
    year: String(card.exp_year % 100).padStart(2, '0'),
  });
  return (
    <label
      className={`flex items-center gap-2 text-sm ${card.expired ? 'text-slate-500' : 'text-slate-800'}`}
    >
      <input
        type="radio"
        name="draft-payment-method"
        value={card.id}
        checked={checked}
        disabled={card.expired}
        onChange={onChange}
        className="h-4 w-4 accent-indigo-700"
      />
      {label}
    </label>
  );
}

/** A signed link to a page where the customer reviews the draft and pays; e-mailed to them, or copied. */
export function PaymentLinkDialog({
  draft,
  onClose,
  onSent,
  onRefused,
}: {
  draft: DraftOrder;
  onClose: () => void;
  onSent: (link: PaymentLink) => void;
  onRefused: (error: unknown) => void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const [emailIt, setEmailIt] = useState(!!draft.email);
  const send = useMutation({
    mutationFn: () =>
      api.post('/admin/v1/draft-orders/{draftId}/payment-link', {
        path: { draftId: draft.id },
        body: { send_email: emailIt },
      }),
    onSuccess: (link) => {
      toast(
        link.emailed_to
          ? t('drafts.linkEmailedToast', { email: link.emailed_to })
          : t('drafts.linkCreatedToast'),
      );
      onSent(link);
    },
    onError: onRefused,
  });
  return (
    <Dialog
      open
      onClose={onClose}
      title={t('drafts.sendLink')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="primary" busy={send.isPending} onClick={() => send.mutate()}>
            {emailIt ? t('drafts.sendLink') : t('drafts.createLink')}
          </Button>
        </>
      }
    >
      <p className="text-sm text-slate-700">{t('drafts.linkExplain')}</p>
      <Checkbox
        label={draft.email ? t('drafts.emailLinkTo', { email: draft.email }) : t('drafts.emailLink')}
        checked={emailIt}
        onChange={(e) => setEmailIt(e.target.checked)}
      />
      <DraftError error={send.error} />
    </Dialog>
  );
}

/** The last payment link made here: the URL to copy, whom it was e-mailed to, until when it works. */
export function PaymentLinkCard({ link }: { link: PaymentLink }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link.url);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // No clipboard (an insecure page, a refusal): the link stays selectable.
    }
  };
  return (
    <Card title={t('drafts.paymentLink')}>
      <p className="text-sm" role="status">
        {link.emailed_to ? t('drafts.linkEmailedTo', { email: link.emailed_to }) : t('drafts.linkNotEmailed')}
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <a
          href={link.url}
          target="_blank"
          rel="noreferrer"
          className="min-w-0 flex-1 font-mono text-xs break-all text-indigo-800 underline"
          data-testid="payment-link"
        >
          {link.url}
        </a>
        <Button small onClick={() => void copy()}>
          {copied ? t('common.copied') : t('common.copy')}
        </Button>
      </div>
      <p className="mt-2 text-xs text-slate-600">
        {t('drafts.linkValidUntil')} <DateTime value={link.expires_at} />
      </p>
    </Card>
  );
}

/** Deleting a draft nobody will place: asked once more, then gone. */
export function DeleteDraftDialog({ draft, onClose }: { draft: DraftOrder; onClose: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api.delete('/admin/v1/draft-orders/{draftId}', { path: { draftId: draft.id } }),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: draftKey(draft.id) });
      await queryClient.invalidateQueries({ queryKey: ['draft-orders', 'list'] });
      toast(t('drafts.deletedToast'));
      await navigate({ to: '/draft-orders' });
    },
  });
  return (
    <Dialog
      open
      onClose={onClose}
      title={t('drafts.deleteTitle')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="danger" busy={remove.isPending} onClick={() => remove.mutate()}>
            {t('drafts.delete')}
          </Button>
        </>
      }
    >
      <p className="text-sm text-slate-700">{t('drafts.deleteExplain')}</p>
      <ErrorMessage error={remove.error} />
    </Dialog>
  );
}
