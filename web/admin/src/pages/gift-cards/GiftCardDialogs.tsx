import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, type Body } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatMoney, fromDateTimeLocal, toDateTimeLocal } from '../../lib/format.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { SelectField, TextAreaField, TextField } from '../../ui/form.tsx';
import { adjustmentAmount, maskedCode, type GiftCardDetail } from './gift-cards.ts';

type GiftCardPatch = Body<'/admin/v1/gift-cards/{giftCardId}', 'patch'>;

/** After a change: the page shows the card the API answered with, and the list is asked again. */
export function useGiftCardSaved() {
  const queryClient = useQueryClient();
  return (saved: GiftCardDetail) => {
    queryClient.setQueryData(['gift-card', saved.id], saved);
    void queryClient.invalidateQueries({ queryKey: ['gift-cards'] });
  };
}

/** Change a card's expiry (empty: never expires) and its staff note; only what changed is sent. */
export function EditGiftCardDialog({ card, onClose }: { card: GiftCardDetail; onClose: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const saved = useGiftCardSaved();
  const formId = useId();
  const [expiresAt, setExpiresAt] = useState(toDateTimeLocal(card.expires_at));
  const [note, setNote] = useState(card.note ?? '');
  const save = useMutation({
    mutationFn: (body: GiftCardPatch) =>
      api.patch('/admin/v1/gift-cards/{giftCardId}', { path: { giftCardId: card.id }, body }),
    onSuccess: (answer) => {
      saved(answer);
      toast(t('giftCards.savedToast'));
      onClose();
    },
  });
  const err = isApiError(save.error) ? save.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: GiftCardPatch = {};
    // The input shows minutes: an expiry is changed only when the minute shown was changed.
    if (expiresAt !== toDateTimeLocal(card.expires_at)) body.expires_at = fromDateTimeLocal(expiresAt);
    if ((note.trim() || null) !== card.note) body.note = note.trim() || null;
    if (Object.keys(body).length === 0) {
      toast(t('giftCards.unchanged'), 'info');
      onClose();
      return;
    }
    save.mutate(body);
  };
  return (
    <Dialog
      open
      onClose={onClose}
      title={t('giftCards.editTitle', { code: maskedCode(card.last_characters) })}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" form={formId} variant="primary" busy={save.isPending}>
            {t('common.save')}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-4" noValidate>
        <TextField
          label={t('giftCards.expiresAt')}
          type="datetime-local"
          value={expiresAt}
          onChange={(e) => setExpiresAt(e.target.value)}
          hint={t('giftCards.expiresAtHint')}
          error={err?.fieldErrorWithin('expires_at')}
        />
        <TextAreaField
          label={t('giftCards.note')}
          rows={3}
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          hint={t('giftCards.noteHint')}
          error={err?.fieldErrorWithin('note')}
        />
        <ErrorMessage error={save.error} />
      </form>
    </Dialog>
  );
}

/**
 * Add value to a card or take some off, with the reason kept in its history. The new balance is
 * shown as it is typed; more than the balance cannot be taken off.
 */
export function AdjustGiftCardDialog({ card, onClose }: { card: GiftCardDetail; onClose: () => void }) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const saved = useGiftCardSaved();
  const formId = useId();
  const [direction, setDirection] = useState<'add' | 'remove'>('add');
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const money = (n: number) => formatMoney(n, card.currency, locale);
  const amount = adjustmentAmount(amountText, card.currency, direction);
  const adjust = useMutation({
    mutationFn: (body: { amount: number; reason: string }) =>
      api.post('/admin/v1/gift-cards/{giftCardId}/adjustments', { path: { giftCardId: card.id }, body }),
    onSuccess: (answer) => {
      saved(answer);
      toast(t('giftCards.adjustedToast'));
      onClose();
    },
  });
  const apiError = isApiError(adjust.error) ? adjust.error : null;
  const error = (path: string) => local[path] ?? apiError?.fieldErrorWithin(path);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    adjust.reset();
    const problems: Record<string, string> = {};
    if (amount === null) problems.amount = t('form.money');
    else if (card.balance + amount < 0)
      problems.amount = t('giftCards.removeTooMuch', { amount: money(card.balance) });
    if (!reason.trim()) problems.reason = t('form.required');
    setLocal(problems);
    if (amount === null || Object.keys(problems).length) return;
    adjust.mutate({ amount, reason: reason.trim() });
  };
  return (
    <Dialog
      open
      onClose={onClose}
      title={t('giftCards.adjustTitle', { code: maskedCode(card.last_characters) })}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" form={formId} variant="primary" busy={adjust.isPending}>
            {t('common.save')}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-4" noValidate>
        <p className="text-sm text-slate-700">
          {t('giftCards.balance')}: <span className="font-medium">{money(card.balance)}</span>
        </p>
        <div className="grid gap-3 sm:grid-cols-2">
          <SelectField
            label={t('giftCards.direction')}
            value={direction}
            onChange={(e) => setDirection(e.target.value === 'remove' ? 'remove' : 'add')}
          >
            <option value="add">{t('giftCards.direction.add')}</option>
            <option value="remove">{t('giftCards.direction.remove')}</option>
          </SelectField>
          <TextField
            label={t('giftCards.amount', { currency: card.currency })}
            inputMode="decimal"
            autoComplete="off"
            value={amountText}
            onChange={(e) => setAmountText(e.target.value)}
            error={error('amount')}
          />
        </div>
        <TextAreaField
          label={t('giftCards.reason')}
          rows={2}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          hint={t('giftCards.reasonHint')}
          error={error('reason')}
        />
        <p className="min-h-5 text-sm font-medium text-slate-900" aria-live="polite">
          {amount !== null && card.balance + amount >= 0
            ? t('giftCards.newBalance', { amount: money(card.balance + amount) })
            : ''}
        </p>
        <ErrorMessage error={adjust.error} />
      </form>
    </Dialog>
  );
}
