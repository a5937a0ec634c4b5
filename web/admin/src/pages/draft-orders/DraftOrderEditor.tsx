import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { api } from '../../api/client.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import { useCan } from '../../lib/me.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage, Loading } from '../../ui/feedback.tsx';
import { Card, Facts, Page } from '../../ui/layout.tsx';
import { DateTime } from '../../ui/values.tsx';
import {
  DeleteDraftDialog,
  PaymentLinkCard,
  PaymentLinkDialog,
  PlaceOrderDialog,
  type PaymentLink,
} from './DraftActions.tsx';
import {
  DraftAddressCard,
  DraftCouponsCard,
  DraftCustomerCard,
  DraftNoteCard,
  DraftShippingCard,
  DraftTotals,
} from './DraftDetails.tsx';
import { DraftLinesCard } from './DraftLines.tsx';
import {
  draftKey,
  hasPart,
  missingParts,
  MISSING_MESSAGE,
  shipsNothing,
  type DraftNotice,
  type DraftOrder,
  type Readiness,
} from './draft.ts';

type DialogName = 'place' | 'link' | 'delete' | null;

/** What a change did besides what was asked: a price that moved, a coupon or a shipping method dropped. */
function Notices({ notices, onDismiss }: { notices: DraftNotice[]; onDismiss: () => void }) {
  const { t } = useI18n();
  if (!notices.length) return null;
  return (
    <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
      <p className="font-medium">{t('drafts.notices')}</p>
      <ul className="mt-1 list-disc pl-5">
        {notices.map((n, i) => (
          <li key={i}>{n.message}</li>
        ))}
      </ul>
      <Button small variant="ghost" className="mt-2" onClick={onDismiss}>
        {t('drafts.dismiss')}
      </Button>
    </div>
  );
}

/** A placed draft: its order, one click away. */
function OrderLink({ orderId }: { orderId: string }) {
  const { t } = useI18n();
  const order = useQuery({
    queryKey: ['order', orderId],
    queryFn: () => api.get('/admin/v1/orders/{orderId}', { path: { orderId } }),
  });
  return (
    <Link to="/orders/$orderId" params={{ orderId }} className="font-medium text-indigo-800 underline">
      {order.data ? t('orders.orderNumber', { number: order.data.display_number }) : t('drafts.viewOrder')}
    </Link>
  );
}

/**
 * One draft order: staff build it for the customer — who it is for, the items, where it goes and
 * how, coupons and a note — watching the totals, then send the customer a payment link or place it
 * themselves. Read-only without `orders.manage`, and once it was placed or expired.
 */
export function DraftOrderPage() {
  const { t } = useI18n();
  const can = useCan();
  const { draftId } = useParams({ from: '/app/draft-orders/$draftId' });
  const [dialog, setDialog] = useState<DialogName>(null);
  const [notices, setNotices] = useState<DraftNotice[]>([]);
  const [link, setLink] = useState<PaymentLink | null>(null);
  // The last refusal to pay or place: what it said is missing shows beside each part.
  const [refusal, setRefusal] = useState<unknown>(null);
  const draft = useQuery({
    queryKey: draftKey(draftId),
    queryFn: () => api.get('/admin/v1/draft-orders/{draftId}', { path: { draftId } }),
  });

  if (draft.isPending) return <Loading />;
  if (draft.error || !draft.data)
    return (
      <Page
        title={t('drafts.draftOrder')}
        back={
          <Link to="/draft-orders" className="text-indigo-800 underline">
            ← {t('nav.draftOrders')}
          </Link>
        }
      >
        <ErrorMessage error={draft.error} />
      </Page>
    );

  const d: DraftOrder = draft.data;
  const open = d.status === 'active';
  const editable = open && can('orders.manage');
  const missing = missingParts(refusal);
  const missingText = (part: Readiness) =>
    missing.includes(part) && !hasPart(d, part) ? t(MISSING_MESSAGE[part]) : undefined;
  const section = { draft: d, editable, onNotices: setNotices };
  // Digital goods, services: no shipping method, and no shipping address unless one was given.
  const nothingShips = shipsNothing(d);

  return (
    <Page
      title={
        <span className="flex flex-wrap items-center gap-2">
          {t('drafts.draftOrder')}
          <StatusBadge status={d.status} />
        </span>
      }
      back={
        <Link to="/draft-orders" className="text-indigo-800 underline">
          ← {t('nav.draftOrders')}
        </Link>
      }
      actions={
        editable && (
          <>
            <Button onClick={() => setDialog('link')}>{t('drafts.sendLink')}</Button>
            <Button variant="primary" onClick={() => setDialog('place')}>
              {t('drafts.placeOrder')}
            </Button>
            <Button variant="danger" onClick={() => setDialog('delete')}>
              {t('drafts.delete')}
            </Button>
          </>
        )
      }
    >
      {d.status === 'completed' && (
        <p
          role="status"
          className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-950"
        >
          {t('drafts.completed')} {d.order_id && <OrderLink orderId={d.order_id} />}
        </p>
      )}
      {d.status === 'expired' && (
        <p
          role="status"
          className="rounded-md border border-slate-300 bg-slate-50 p-3 text-sm text-slate-800"
        >
          {t('drafts.expired')}
        </p>
      )}
      {open && !editable && <p className="text-sm text-slate-600">{t('drafts.readOnly')}</p>}
      <Notices notices={notices} onDismiss={() => setNotices([])} />
      {link && <PaymentLinkCard link={link} />}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <DraftLinesCard {...section} missing={missingText('lines')} />
          {nothingShips ? (
            <>
              <p
                role="status"
                data-testid="draft-nothing-ships"
                className="rounded-md border border-violet-200 bg-violet-50 p-3 text-sm text-violet-950"
              >
                {t('digital.draftNothingShips')}
              </p>
              <DraftAddressCard
                key={`billing-${d.id}`}
                {...section}
                which="billing_address"
                nothingShips
                missing={missingText('billing_address')}
              />
              {d.shipping_address && <DraftAddressCard key={`address-${d.id}`} {...section} nothingShips />}
            </>
          ) : (
            <>
              <DraftAddressCard
                key={`address-${d.id}`}
                {...section}
                missing={missingText('shipping_address')}
              />
              <DraftShippingCard {...section} missing={missingText('shipping_method')} />
              <DraftAddressCard
                key={`billing-${d.id}`}
                {...section}
                which="billing_address"
                missing={missingText('billing_address')}
              />
            </>
          )}
        </div>
        <div className="min-w-0 space-y-6">
          <Card title={t('drafts.summary')}>
            <DraftTotals draft={d} />
            <div className="mt-4">
              <Facts
                items={[
                  [t('drafts.created'), <DateTime key="c" value={d.created_at} />],
                  [t('drafts.lastChanged'), <DateTime key="u" value={d.updated_at} />],
                  ...(open
                    ? [
                        [t('drafts.expires'), <DateTime key="e" value={d.expires_at} />] as [
                          string,
                          ReactNode,
                        ],
                      ]
                    : []),
                ]}
              />
            </div>
          </Card>
          <DraftCustomerCard key={`customer-${d.id}`} {...section} missing={missingText('email')} />
          <DraftCouponsCard {...section} />
          <DraftNoteCard key={`note-${d.id}`} {...section} />
        </div>
      </div>

      {dialog === 'place' && (
        <PlaceOrderDialog draft={d} onClose={() => setDialog(null)} onRefused={setRefusal} />
      )}
      {dialog === 'link' && (
        <PaymentLinkDialog
          draft={d}
          onClose={() => setDialog(null)}
          onRefused={setRefusal}
          onSent={(l) => {
            setRefusal(null);
            setLink(l);
            setDialog(null);
          }}
        />
      )}
      {dialog === 'delete' && <DeleteDraftDialog draft={d} onClose={() => setDialog(null)} />}
    </Page>
  );
}
