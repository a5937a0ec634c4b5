import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import { addressLines } from '../../lib/address.ts';
import { formatMoney } from '../../lib/format.ts';
import { useCan } from '../../lib/me.ts';
import {
  AddressFields,
  addressDraftOf,
  addressOf,
  type AddressDraft,
  type AddressField,
} from '../../ui/AddressFields.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage } from '../../ui/feedback.tsx';
import { Checkbox, SelectField, TextAreaField, TextField } from '../../ui/form.tsx';
import { Card } from '../../ui/layout.tsx';
import { AddressBlock, Money, TotalsList } from '../../ui/values.tsx';
import { customerName } from '../customers/CustomerList.tsx';
import { CustomerSearch } from './CustomerSearch.tsx';
import { draftKey, useDraftChange, type DraftNotice, type DraftOrder } from './draft.ts';

interface SectionProps {
  draft: DraftOrder;
  editable: boolean;
  onNotices: (notices: DraftNotice[]) => void;
}

/** What the API said is missing, beside the part it is about. */
function Missing({ text }: { text: string | undefined }) {
  if (!text) return null;
  return (
    <p role="alert" className="mb-3 text-sm text-red-800">
      {text}
    </p>
  );
}

/**
 * Whom the order is for: the registered customer (changeable while the draft is open), the e-mail
 * it goes to, and whether it is taxed as exempt.
 */
export function DraftCustomerCard({
  draft,
  editable,
  onNotices,
  missing,
}: SectionProps & { missing?: string }) {
  const { t } = useI18n();
  const can = useCan();
  const [email, setEmail] = useState(draft.email ?? '');
  // The draft's e-mail changes with its customer too: the field follows it.
  useEffect(() => setEmail(draft.email ?? ''), [draft.email]);
  const customer = useQuery({
    queryKey: ['customer', draft.customer_id],
    queryFn: () => api.get('/admin/v1/customers/{customerId}', { path: { customerId: draft.customer_id! } }),
    enabled: !!draft.customer_id && can('customers.read'),
  });
  const save = useDraftChange(
    draft.id,
    (value: string) =>
      api.patch('/admin/v1/draft-orders/{draftId}', {
        path: { draftId: draft.id },
        body: { email: value || null },
      }),
    onNotices,
    (d) => setEmail(d.email ?? ''),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(email.trim());
  };
  const fieldError = isApiError(save.error) ? save.error.fieldError('email') : undefined;

  return (
    <Card title={t('orders.customer')}>
      <Missing text={missing} />
      {draft.customer_id ? (
        <div className="mb-3 text-sm">
          <p className="font-medium">
            {customer.data ? customerName(customer.data) : t('drafts.registeredCustomer')}
          </p>
          {can('customers.read') && (
            <Link
              to="/customers/$customerId"
              params={{ customerId: draft.customer_id }}
              className="text-indigo-800 underline"
            >
              {t('orders.viewCustomer')}
            </Link>
          )}
        </div>
      ) : (
        <p className="mb-3 text-sm text-slate-600">{t('drafts.noAccount')}</p>
      )}
      {editable && can('customers.read') && (
        <DraftCustomerChange draft={draft} editable={editable} onNotices={onNotices} />
      )}
      {editable ? (
        <form onSubmit={submit} className="space-y-2">
          <TextField
            label={t('drafts.email')}
            hint={t('drafts.emailHint')}
            type="email"
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={fieldError}
          />
          {!fieldError && <ErrorMessage error={save.error} />}
          <Button type="submit" small busy={save.isPending} disabled={email.trim() === (draft.email ?? '')}>
            {t('drafts.saveEmail')}
          </Button>
        </form>
      ) : (
        <p className="text-sm break-all">{draft.email ?? '—'}</p>
      )}
      <DraftTaxExempt
        draft={draft}
        editable={editable}
        onNotices={onNotices}
        reference={
          customer.data?.profile.tax_exemption.active ? customer.data.profile.tax_exemption.reference : null
        }
      />
    </Card>
  );
}

/**
 * Give the draft to another registered customer (their e-mail, prices and tax exemption come with
 * them) or to no account; closed until asked for, so the card stays short.
 */
function DraftCustomerChange({ draft, onNotices }: SectionProps) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const move = useDraftChange(
    draft.id,
    (customerId: string | null) =>
      api.put('/admin/v1/draft-orders/{draftId}/customer', {
        path: { draftId: draft.id },
        body: { customer_id: customerId },
      }),
    onNotices,
    () => setOpen(false),
  );
  if (!open) {
    return (
      <Button small className="mb-3" onClick={() => setOpen(true)}>
        {t(draft.customer_id ? 'drafts.otherCustomer' : 'drafts.forCustomer')}
      </Button>
    );
  }
  return (
    <div className="mb-3 space-y-2 rounded-md border border-slate-200 p-3">
      <CustomerSearch onChoose={(c) => move.mutate(c.id)} />
      <ErrorMessage error={move.error} />
      <div className="flex flex-wrap gap-2">
        {draft.customer_id && (
          <Button small busy={move.isPending} onClick={() => move.mutate(null)}>
            {t('drafts.noAccountInstead')}
          </Button>
        )}
        <Button small variant="ghost" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </Button>
      </div>
    </div>
  );
}

/**
 * Whether the draft is taxed as exempt. It starts as the customer's exemption; staff may switch it
 * either way for this order (a one-off resale certificate, an exemption that no longer applies).
 */
function DraftTaxExempt({
  draft,
  editable,
  onNotices,
  reference,
}: SectionProps & { reference: string | null }) {
  const { t } = useI18n();
  const hintId = useId();
  const save = useDraftChange(
    draft.id,
    (taxExempt: boolean) =>
      api.patch('/admin/v1/draft-orders/{draftId}', {
        path: { draftId: draft.id },
        body: { tax_exempt: taxExempt },
      }),
    onNotices,
  );
  // Controlled by the draft: the box shows the asked value until the API answers, then the draft's.
  const checked = save.isPending ? save.variables : draft.totals.tax_exempt;
  return (
    <div className="mt-4 border-t border-slate-200 pt-3">
      <Checkbox
        label={t('drafts.taxExempt')}
        checked={checked}
        disabled={!editable || save.isPending}
        aria-describedby={hintId}
        onChange={(e) => save.mutate(e.target.checked)}
      />
      <p id={hintId} className="mt-1 text-xs text-slate-600">
        {reference ? t('drafts.taxExemptReference', { reference }) : t('drafts.taxExemptHint')}
      </p>
      <ErrorMessage error={save.error} className="mt-2" />
    </div>
  );
}

/**
 * Where it goes, or whom it is billed to: typed, or taken from the registered customer's address
 * book. A draft without a billing address bills the shipping address (as the order will show).
 * When the draft ships nothing (`nothingShips`), the billing address is the one needed, and a
 * shipping address given before is optional and can be taken away.
 */
export function DraftAddressCard({
  draft,
  editable,
  onNotices,
  missing,
  which = 'shipping_address',
  nothingShips = false,
}: SectionProps & {
  missing?: string;
  which?: 'shipping_address' | 'billing_address';
  nothingShips?: boolean;
}) {
  const { t } = useI18n();
  const can = useCan();
  const billing = which === 'billing_address';
  const current = draft[which];
  // Billed to the shipping address when it has none of its own: only if there is one.
  const billsShipping = !nothingShips || !!draft.shipping_address;
  const [address, setAddress] = useState<AddressDraft>(() => addressDraftOf(current));
  const book = useQuery({
    queryKey: ['customer', draft.customer_id],
    queryFn: () => api.get('/admin/v1/customers/{customerId}', { path: { customerId: draft.customer_id! } }),
    enabled: editable && !!draft.customer_id && can('customers.read'),
  });
  const saved = book.data?.addresses ?? [];
  const save = useDraftChange(
    draft.id,
    (value: AddressDraft | null) =>
      api.patch('/admin/v1/draft-orders/{draftId}', {
        path: { draftId: draft.id },
        body: { [which]: value ? addressOf(value) : null },
      }),
    onNotices,
    (d) => setAddress(addressDraftOf(d[which])),
  );
  const errorOf = (f: AddressField) =>
    isApiError(save.error) ? save.error.fieldError(`${which}.${f}`) : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(address);
  };

  return (
    <Card title={t(billing ? 'orders.billingAddress' : 'orders.shippingAddress')}>
      <Missing text={missing} />
      {editable ? (
        <form onSubmit={submit} className="space-y-3">
          {billing &&
            billsShipping &&
            (current ? (
              <Button small variant="ghost" busy={save.isPending} onClick={() => save.mutate(null)}>
                {t('drafts.billShippingAddress')}
              </Button>
            ) : (
              <p className="text-sm text-slate-600">{t('orders.sameAsShipping')}</p>
            ))}
          {billing && !billsShipping && !current && (
            <p className="text-sm text-slate-600">{t('digital.billingNeeded')}</p>
          )}
          {!billing && nothingShips && current && (
            <div className="flex flex-wrap items-center gap-2">
              <p className="text-sm text-slate-600">{t('digital.shippingAddressOptional')}</p>
              <Button small variant="ghost" busy={save.isPending} onClick={() => save.mutate(null)}>
                {t('digital.removeShippingAddress')}
              </Button>
            </div>
          )}
          {saved.length > 0 && (
            <SelectField
              label={t('drafts.fromAddressBook')}
              value=""
              onChange={(e) => {
                const entry = saved.find((a) => a.id === e.target.value);
                if (entry) setAddress(addressDraftOf(entry.address));
              }}
            >
              <option value="">{t('drafts.chooseSavedAddress')}</option>
              {saved.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.label ? `${a.label}: ` : ''}
                  {addressLines(a.address).join(', ')}
                </option>
              ))}
            </SelectField>
          )}
          <ErrorMessage error={save.error} />
          <AddressFields value={address} onChange={setAddress} errorOf={errorOf} />
          <Button type="submit" busy={save.isPending}>
            {t('drafts.saveAddress')}
          </Button>
        </form>
      ) : current ? (
        <AddressBlock lines={addressLines(current)} />
      ) : (
        <p className="text-sm text-slate-600">
          {billing && !billsShipping ? '—' : t(billing ? 'orders.sameAsShipping' : 'drafts.noAddress')}
        </p>
      )}
    </Card>
  );
}

/** The shipping rates for the draft's address and lines; choosing one prices it in. */
export function DraftShippingCard({
  draft,
  editable,
  onNotices,
  missing,
}: SectionProps & { missing?: string }) {
  const { t, locale } = useI18n();
  const ready = !!draft.shipping_address && draft.lines.length > 0;
  const options = useQuery({
    queryKey: [...draftKey(draft.id), 'shipping-options', draft.version],
    queryFn: () =>
      api.get('/admin/v1/draft-orders/{draftId}/shipping-options', { path: { draftId: draft.id } }),
    enabled: editable && ready,
    placeholderData: (previous) => previous,
  });
  const choose = useDraftChange(
    draft.id,
    (methodId: string) =>
      api.put('/admin/v1/draft-orders/{draftId}/shipping-method', {
        path: { draftId: draft.id },
        body: { method_id: methodId },
      }),
    onNotices,
  );
  const chosen = choose.isPending ? choose.variables : draft.shipping_method?.id;
  const days = (e: { min_days: number; max_days: number } | null) =>
    e ? ` · ${t('drafts.days', { min: e.min_days, max: e.max_days })}` : '';

  return (
    <Card title={t('drafts.shippingMethod')}>
      <Missing text={missing} />
      {!editable ? (
        draft.shipping_method ? (
          <p className="text-sm">
            {draft.shipping_method.name} ·{' '}
            <Money amount={draft.shipping_method.amount} currency={draft.currency} />
          </p>
        ) : (
          <p className="text-sm text-slate-600">{t('drafts.noShippingMethod')}</p>
        )
      ) : !ready ? (
        <p className="text-sm text-slate-600">{t('drafts.shippingNeeds')}</p>
      ) : (
        <>
          <ErrorMessage error={options.error ?? choose.error} className="mb-3" />
          {options.isPending ? (
            <p className="text-sm text-slate-600">{t('common.loading')}</p>
          ) : options.data && options.data.data.length === 0 ? (
            <p className="text-sm text-slate-600">{t('drafts.noShippingOptions')}</p>
          ) : (
            options.data && (
              <fieldset disabled={choose.isPending}>
                <legend className="sr-only">{t('drafts.shippingMethod')}</legend>
                <ul className="space-y-2">
                  {options.data.data.map((o) => (
                    <li key={o.id}>
                      <label className="flex cursor-pointer items-center gap-2 text-sm">
                        <input
                          type="radio"
                          name={`shipping-${draft.id}`}
                          value={o.id}
                          checked={chosen === o.id}
                          onChange={() => choose.mutate(o.id)}
                          className="h-4 w-4 accent-indigo-700"
                        />
                        <span>
                          {o.name} — {formatMoney(o.amount, o.currency, locale)}
                          <span className="text-slate-600">{days(o.estimate)}</span>
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              </fieldset>
            )
          )}
        </>
      )}
    </Card>
  );
}

/** Coupon codes on the draft, applied under the coupon's own rules. */
export function DraftCouponsCard({ draft, editable, onNotices }: SectionProps) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const change = useDraftChange(
    draft.id,
    (op: { kind: 'apply' | 'remove'; code: string }) =>
      op.kind === 'apply'
        ? api.post('/admin/v1/draft-orders/{draftId}/coupons', {
            path: { draftId: draft.id },
            body: { code: op.code },
          })
        : api.delete('/admin/v1/draft-orders/{draftId}/coupons/{code}', {
            path: { draftId: draft.id, code: op.code },
          }),
    onNotices,
    () => setCode(''),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (code.trim()) change.mutate({ kind: 'apply', code: code.trim() });
  };

  return (
    <Card title={t('orders.coupons')}>
      {draft.discounts.length === 0 ? (
        <p className="text-sm text-slate-600">{t('drafts.noCoupons')}</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {draft.discounts.map((d) => (
            <li key={d.code} className="flex flex-wrap items-center justify-between gap-2">
              <span>
                <span className="font-mono">{d.code}</span>{' '}
                <span className="text-slate-600">
                  {d.free_shipping ? (
                    t('drafts.freeShipping')
                  ) : (
                    <>
                      −<Money amount={d.amount} currency={draft.currency} />
                    </>
                  )}
                </span>
              </span>
              {editable && (
                <Button
                  small
                  variant="ghost"
                  disabled={change.isPending}
                  aria-label={t('drafts.removeCoupon', { code: d.code })}
                  onClick={() => change.mutate({ kind: 'remove', code: d.code })}
                >
                  {t('common.remove')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form onSubmit={submit} className="mt-3 flex flex-wrap items-end gap-2">
          <TextField
            className="min-w-0 flex-1"
            label={t('drafts.couponCode')}
            autoComplete="off"
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <Button type="submit" busy={change.isPending && change.variables?.kind === 'apply'}>
            {t('drafts.applyCoupon')}
          </Button>
        </form>
      )}
      <ErrorMessage error={change.error} className="mt-3" />
    </Card>
  );
}

/** The note the order carries (delivery instructions, a gift message): the customer sees it. */
export function DraftNoteCard({ draft, editable, onNotices }: SectionProps) {
  const { t } = useI18n();
  const [note, setNote] = useState(draft.note ?? '');
  const save = useDraftChange(
    draft.id,
    (value: string) =>
      api.patch('/admin/v1/draft-orders/{draftId}', {
        path: { draftId: draft.id },
        body: { note: value || null },
      }),
    onNotices,
    (d) => setNote(d.note ?? ''),
  );
  const fieldError = isApiError(save.error) ? save.error.fieldError('note') : undefined;
  if (!editable)
    return (
      <Card title={t('drafts.note')}>
        <p className="text-sm whitespace-pre-line">{draft.note || '—'}</p>
      </Card>
    );
  return (
    <Card title={t('drafts.note')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(note.trim());
        }}
        className="space-y-2"
      >
        <TextAreaField
          label={t('drafts.noteLabel')}
          hint={t('drafts.noteHint')}
          rows={3}
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          error={fieldError}
        />
        {!fieldError && <ErrorMessage error={save.error} />}
        <Button type="submit" small busy={save.isPending} disabled={note.trim() === (draft.note ?? '')}>
          {t('drafts.saveNote')}
        </Button>
      </form>
    </Card>
  );
}

/** Subtotal, discounts, tax exemption, shipping, tax and total, as the order page shows them. */
export function DraftTotals({ draft }: { draft: DraftOrder }) {
  const totals = draft.totals;
  return (
    <TotalsList
      currency={draft.currency}
      subtotal={totals.subtotal}
      discount={totals.discount_total}
      taxExemption={totals.tax_exemption}
      shipping={totals.shipping_total}
      tax={totals.tax_total}
      taxInclusive={totals.tax_inclusive}
      taxExempt={totals.tax_exempt}
      total={totals.total}
      totalTestId="draft-total"
    />
  );
}
