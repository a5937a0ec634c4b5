import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Answer } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18n.tsx';
import { fromDateTimeLocal, moneyInput, parseMoney, toDateTimeLocal } from '../../lib/format.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { Checkbox, SelectField, TextField } from '../../ui/form.tsx';

export type Coupon = Answer<'/admin/v1/coupons', 'get'>['data'][number];
type Kind = 'percentage' | 'fixed_amount' | 'free_shipping';

const optionalInt = (text: string) => (text.trim() === '' ? null : Number(text));

/** Create or change a coupon: code, discount (percentage, fixed amount in the store currency, free shipping), window and limits. */
export function CouponDialog({
  coupon,
  currency,
  onClose,
}: {
  coupon: Coupon | null;
  currency: string;
  onClose: () => void;
}) {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const d = coupon?.discount;
  const [code, setCode] = useState(coupon?.code ?? '');
  const [description, setDescription] = useState(coupon?.description ?? '');
  const [kind, setKind] = useState<Kind>(d?.kind ?? 'percentage');
  const [percent, setPercent] = useState(d?.kind === 'percentage' ? String(d.basis_points / 100) : '10');
  const [amount, setAmount] = useState(
    d?.kind === 'fixed_amount' ? moneyInput((d.amounts as Record<string, number>)[currency], currency) : '',
  );
  const [minimum, setMinimum] = useState(
    moneyInput((coupon?.minimum_subtotal as Record<string, number> | undefined)?.[currency], currency),
  );
  const [startsAt, setStartsAt] = useState(toDateTimeLocal(coupon?.starts_at ?? null));
  const [endsAt, setEndsAt] = useState(toDateTimeLocal(coupon?.ends_at ?? null));
  const [usageLimit, setUsageLimit] = useState(coupon?.usage_limit?.toString() ?? '');
  const [perCustomer, setPerCustomer] = useState(coupon?.per_customer_limit?.toString() ?? '');
  const [active, setActive] = useState(coupon?.active ?? true);
  const [problem, setProblem] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: async () => {
      let discount: Coupon['discount'];
      if (kind === 'percentage')
        discount = { kind, basis_points: Math.round(Number(percent.replace(',', '.')) * 100) };
      else if (kind === 'fixed_amount')
        discount = { kind, amounts: { [currency]: parseMoney(amount, currency) ?? 0 } };
      else discount = { kind };
      const min = minimum.trim() ? parseMoney(minimum, currency) : null;
      const body = {
        code: code.trim(),
        description: description.trim(),
        discount,
        minimum_subtotal: min === null ? {} : { [currency]: min },
        starts_at: fromDateTimeLocal(startsAt),
        ends_at: fromDateTimeLocal(endsAt),
        usage_limit: optionalInt(usageLimit),
        per_customer_limit: optionalInt(perCustomer),
        active,
      };
      return coupon
        ? api.patch('/admin/v1/coupons/{couponId}', { path: { couponId: coupon.id }, body })
        : api.post('/admin/v1/coupons', { body });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['coupons'] });
      toast(t('coupons.savedToast'));
      onClose();
    },
  });
  const err = isApiError(save.error) ? save.error : null;
  const submit = () => {
    const pct = Number(percent.replace(',', '.'));
    if (kind === 'percentage' && !(pct > 0 && pct <= 100)) return setProblem(t('coupons.percentInvalid'));
    if (kind === 'fixed_amount' && !(parseMoney(amount, currency)! > 0)) return setProblem(t('form.money'));
    if (minimum.trim() && parseMoney(minimum, currency) === null) return setProblem(t('form.money'));
    setProblem(null);
    save.mutate();
  };
  return (
    <Dialog
      open
      onClose={onClose}
      title={coupon ? t('coupons.edit', { code: coupon.code }) : t('coupons.new')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="primary" busy={save.isPending} onClick={submit}>
            {t('common.save')}
          </Button>
        </>
      }
    >
      <TextField
        label={t('coupons.code')}
        hint={t('coupons.codeHint')}
        value={code}
        onChange={(e) => setCode(e.target.value)}
        error={err?.fieldError('code')}
      />
      <TextField
        label={t('coupons.description')}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
      />
      <SelectField
        label={t('coupons.discount')}
        value={kind}
        onChange={(e) => setKind(e.target.value as Kind)}
      >
        <option value="percentage">{t('coupons.kind.percentage')}</option>
        <option value="fixed_amount">{t('coupons.kind.fixed_amount')}</option>
        <option value="free_shipping">{t('coupons.kind.free_shipping')}</option>
      </SelectField>
      {kind === 'percentage' && (
        <TextField
          label={t('coupons.percent')}
          inputMode="decimal"
          value={percent}
          onChange={(e) => setPercent(e.target.value)}
        />
      )}
      {kind === 'fixed_amount' && (
        <TextField
          label={t('coupons.amount', { currency })}
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
      )}
      <TextField
        label={t('coupons.minimum', { currency })}
        inputMode="decimal"
        value={minimum}
        onChange={(e) => setMinimum(e.target.value)}
        hint={t('common.optional')}
      />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <TextField
          label={t('coupons.startsAt')}
          type="datetime-local"
          value={startsAt}
          onChange={(e) => setStartsAt(e.target.value)}
        />
        <TextField
          label={t('coupons.endsAt')}
          type="datetime-local"
          value={endsAt}
          onChange={(e) => setEndsAt(e.target.value)}
          error={err?.fieldError('ends_at')}
        />
        <TextField
          label={t('coupons.usageLimit')}
          inputMode="numeric"
          value={usageLimit}
          onChange={(e) => setUsageLimit(e.target.value)}
          hint={t('common.optional')}
          error={err?.fieldError('usage_limit')}
        />
        <TextField
          label={t('coupons.perCustomer')}
          inputMode="numeric"
          value={perCustomer}
          onChange={(e) => setPerCustomer(e.target.value)}
          hint={t('common.optional')}
        />
      </div>
      <Checkbox label={t('coupons.active')} checked={active} onChange={(e) => setActive(e.target.checked)} />
      {problem && (
        <p role="alert" className="text-sm text-red-800">
          {problem}
        </p>
      )}
      <ErrorMessage error={save.error} />
    </Dialog>
  );
}
