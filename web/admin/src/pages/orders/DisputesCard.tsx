import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatDateTime, formatMoney } from '../../lib/format.ts';
import { useCan } from '../../lib/me.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { SelectField, TextAreaField, TextField } from '../../ui/form.tsx';
import { Card } from '../../ui/layout.tsx';
import { DisputeStatusBadge } from '../disputes/DisputeStatusBadge.tsx';
import {
  deadlineWording,
  EVIDENCE_FIELDS,
  evidenceBody,
  evidenceErrors,
  evidenceFromOrder,
  evidenceLabelKey,
  reasonLabel,
  submittedEvidence,
  type Dispute,
  type Evidence,
  type EvidenceField,
} from '../disputes/disputes.ts';
import { useOrderChanged, type AdminOrder } from './order-actions.tsx';

/** After a dispute changed: the order, and the Disputes page's lists. */
function useDisputeChanged(orderId: string) {
  const queryClient = useQueryClient();
  const changed = useOrderChanged(orderId);
  return () => Promise.all([changed(), queryClient.invalidateQueries({ queryKey: ['disputes'] })]);
}

/**
 * The order's chargebacks, at the top of the page: an open one as a warning with the amount, the
 * reason and the deadline, answered with evidence (filled from the order) or accepted; a closed
 * one won or lost, with when and what was submitted.
 */
export function DisputesCard({ order }: { order: AdminOrder }) {
  const { t, locale } = useI18n();
  const can = useCan();
  const [answering, setAnswering] = useState<Dispute | null>(null);
  const [accepting, setAccepting] = useState<Dispute | null>(null);
  if (order.disputes.length === 0) return null;
  const manage = can('payments.manage');
  const money = (d: Dispute) => formatMoney(d.amount, d.currency, locale);
  const date = (iso: string | null) => formatDateTime(iso, locale);
  // Newest first: the one to act on above those decided.
  const disputes = [...order.disputes].sort((a, b) => b.created_at.localeCompare(a.created_at));
  return (
    <Card title={t('disputes.card')} className="border-red-300">
      <ul className="space-y-4">
        {disputes.map((d) => {
          const deadline = d.evidence_due_by ? deadlineWording(d.evidence_due_by, new Date()) : null;
          const answerable =
            manage && d.needs_response && !!deadline && deadline.key !== 'disputes.deadlinePassed';
          const submitted = submittedEvidence(d.evidence);
          return (
            <li key={d.id} className="space-y-2 text-sm" data-testid="dispute">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <DisputeStatusBadge status={d.status} />
                <span className="text-xs text-slate-600">
                  {t('disputes.openedOn', { date: date(d.created_at) })}
                </span>
              </div>
              {d.open ? (
                <div
                  role={d.needs_response ? 'alert' : undefined}
                  className={`rounded-md border p-3 ${d.needs_response ? 'border-red-300 bg-red-50 text-red-950' : 'border-amber-300 bg-amber-50 text-amber-950'}`}
                >
                  <p className="font-semibold">
                    {t('disputes.warning', { amount: money(d), reason: reasonLabel(d.reason, t) })}
                  </p>
                  {d.needs_response && deadline && (
                    <p className={`mt-1 ${deadline.urgent ? 'font-semibold' : ''}`}>
                      {t('disputes.respondBy', {
                        date: date(d.evidence_due_by),
                        left: t(deadline.key, deadline.vars),
                      })}
                    </p>
                  )}
                  {!d.needs_response && d.evidence_submitted_at && (
                    <p className="mt-1">
                      {t('disputes.underReview', { date: date(d.evidence_submitted_at) })}
                    </p>
                  )}
                </div>
              ) : (
                <div>
                  <p className="font-medium">
                    {t('disputes.amountReason', { amount: money(d), reason: reasonLabel(d.reason, t) })}
                  </p>
                  {d.status === 'won' && (
                    <p className="text-emerald-900">{t('disputes.wonOn', { date: date(d.closed_at) })}</p>
                  )}
                  {d.status === 'lost' && (
                    <p className="text-red-900">{t('disputes.lostOn', { date: date(d.closed_at) })}</p>
                  )}
                  {d.accepted_at && (
                    <p className="text-slate-700">
                      {t('disputes.acceptedOn', { date: date(d.accepted_at) })}
                    </p>
                  )}
                </div>
              )}
              {submitted.length > 0 && (
                <details className="rounded-md border border-slate-200 px-3 py-2">
                  <summary className="cursor-pointer font-medium">
                    {t('disputes.submittedOn', { date: date(d.evidence_submitted_at) })}
                  </summary>
                  <dl className="mt-2 space-y-1">
                    {submitted.map(([field, value]) => (
                      <div key={field}>
                        <dt className="text-xs text-slate-600">{t(evidenceLabelKey(field))}</dt>
                        <dd className="whitespace-pre-line wrap-anywhere">{value}</dd>
                      </div>
                    ))}
                  </dl>
                </details>
              )}
              {answerable && (
                <div className="flex flex-wrap gap-2">
                  <Button variant="primary" onClick={() => setAnswering(d)}>
                    {t('disputes.submitEvidence')}
                  </Button>
                  <Button variant="danger" onClick={() => setAccepting(d)}>
                    {t('disputes.accept')}
                  </Button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {answering && <EvidenceDialog order={order} dispute={answering} onClose={() => setAnswering(null)} />}
      {accepting && (
        <AcceptDisputeDialog order={order} dispute={accepting} onClose={() => setAccepting(null)} />
      )}
    </Card>
  );
}

/** The longest each field may be (the API's limits). */
const MAX_LENGTH: Record<EvidenceField, number> = {
  customer_name: 200,
  customer_email_address: 320,
  product_description: 5000,
  shipping_carrier: 100,
  shipping_tracking_number: 100,
  shipping_date: 50,
  uncategorized_text: 10_000,
};

/** Evidence for a dispute, filled in from the order, editable, submitted once. */
function EvidenceDialog({
  order,
  dispute,
  onClose,
}: {
  order: AdminOrder;
  dispute: Dispute;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const changed = useDisputeChanged(order.id);
  const [evidence, setEvidence] = useState<Evidence>(() => evidenceFromOrder(order));
  const body = evidenceBody(evidence);
  const submit = useMutation({
    mutationFn: (b: Partial<Evidence>) =>
      api.post('/admin/v1/payment-disputes/{disputeId}/evidence', {
        path: { disputeId: dispute.id },
        body: b,
      }),
    onSuccess: async () => {
      await changed();
      toast(t('disputes.evidenceToast'));
      onClose();
    },
    // No longer answerable (answered elsewhere, past the deadline): the card shows where it stands.
    onError: async (e) => {
      if (isApiError(e) && e.status === 409) await changed();
    },
  });
  const errors = isApiError(submit.error) ? evidenceErrors(submit.error.errors) : {};
  const fieldErrorShown = Object.keys(errors).length > 0;
  const field = (name: EvidenceField) => ({
    label: t(evidenceLabelKey(name)),
    value: evidence[name],
    maxLength: MAX_LENGTH[name],
    error: errors[name],
    onChange: (e: { target: { value: string } }) => setEvidence({ ...evidence, [name]: e.target.value }),
  });
  return (
    <Dialog
      open
      onClose={onClose}
      title={t('disputes.evidenceTitle')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.back')}</Button>
          <Button
            variant="primary"
            busy={submit.isPending}
            disabled={!body}
            onClick={() => body && submit.mutate(body)}
          >
            {t('disputes.send')}
          </Button>
        </>
      }
    >
      <p className="text-sm text-slate-700">{t('disputes.evidenceExplain')}</p>
      {EVIDENCE_FIELDS.map((name) =>
        name === 'product_description' ? (
          <TextAreaField key={name} rows={2} {...field(name)} />
        ) : name === 'uncategorized_text' ? (
          <TextAreaField key={name} rows={4} hint={t('disputes.anythingElseHint')} {...field(name)} />
        ) : name === 'customer_email_address' ? (
          <TextField
            key={name}
            type="email"
            autoComplete="off"
            hint={t('disputes.contactHint')}
            {...field(name)}
          />
        ) : name === 'shipping_date' ? (
          <TextField key={name} type="date" {...field(name)} />
        ) : (
          <TextField key={name} autoComplete="off" {...field(name)} />
        ),
      )}
      {!body && <p className="text-sm text-red-800">{t('disputes.needOne')}</p>}
      {!fieldErrorShown && <ErrorMessage error={submit.error} />}
    </Dialog>
  );
}

/** Not contested: the dispute is lost, the money stays with the cardholder. */
function AcceptDisputeDialog({
  order,
  dispute,
  onClose,
}: {
  order: AdminOrder;
  dispute: Dispute;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const changed = useDisputeChanged(order.id);
  const amount = formatMoney(dispute.amount, dispute.currency, locale);
  const accept = useMutation({
    mutationFn: () =>
      api.post('/admin/v1/payment-disputes/{disputeId}/accept', { path: { disputeId: dispute.id } }),
    onSuccess: async () => {
      await changed();
      toast(t('disputes.acceptedToast'));
      onClose();
    },
  });
  return (
    <Dialog
      open
      onClose={onClose}
      title={t('disputes.acceptTitle')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.back')}</Button>
          <Button variant="danger" busy={accept.isPending} onClick={() => accept.mutate()}>
            {t('disputes.acceptConfirm', { amount })}
          </Button>
        </>
      }
    >
      <p className="text-sm text-slate-700">{t('disputes.acceptExplain', { amount })}</p>
      <ErrorMessage error={accept.error} />
    </Dialog>
  );
}

const TEST_REASONS = [
  'fraudulent',
  'product_not_received',
  'product_unacceptable',
  'duplicate',
  'subscription_canceled',
  'general',
] as const;

/**
 * The test processor only: "Simulate a dispute (test)" for a captured payment not already
 * disputed, so merchants can try answering one (as Stripe's test card …0259).
 */
export function SimulateDispute({ order }: { order: AdminOrder }) {
  const { t } = useI18n();
  const can = useCan();
  const toast = useToast();
  const changed = useDisputeChanged(order.id);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<(typeof TEST_REASONS)[number]>('product_not_received');
  const simulate = useMutation({
    mutationFn: () =>
      api.post('/admin/v1/payment-intents/{intentId}/test-dispute', {
        path: { intentId: order.payment_intent_id },
        body: { reason },
      }),
    onSuccess: async () => {
      await changed();
      toast(t('disputes.simulatedToast'));
      setOpen(false);
    },
  });
  const p = order.payment;
  const offered =
    can('payments.manage') &&
    p?.provider === 'test' &&
    p.captured_amount > p.refunded_amount &&
    !order.disputes.some((d) => d.open);
  if (!offered) return null;
  return (
    <>
      <Button small className="mt-3" onClick={() => setOpen(true)}>
        {t('disputes.simulate')}
      </Button>
      {open && (
        <Dialog
          open
          onClose={() => setOpen(false)}
          title={t('disputes.simulateTitle')}
          footer={
            <>
              <Button onClick={() => setOpen(false)}>{t('common.back')}</Button>
              <Button variant="primary" busy={simulate.isPending} onClick={() => simulate.mutate()}>
                {t('disputes.simulateConfirm')}
              </Button>
            </>
          }
        >
          <p className="text-sm text-slate-700">{t('disputes.simulateExplain')}</p>
          <SelectField
            label={t('disputes.simulateReason')}
            value={reason}
            onChange={(e) => setReason(TEST_REASONS.find((r) => r === e.target.value) ?? 'fraudulent')}
          >
            {TEST_REASONS.map((r) => (
              <option key={r} value={r}>
                {reasonLabel(r, t)}
              </option>
            ))}
          </SelectField>
          <ErrorMessage error={simulate.error} />
        </Dialog>
      )}
    </>
  );
}
