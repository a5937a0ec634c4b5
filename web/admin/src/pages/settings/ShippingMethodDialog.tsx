import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, type Answer, type Body } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import { locationAddress } from '../../lib/address.ts';
import { moneyInput, parseMoney } from '../../lib/format.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { Checkbox, Input, SelectField, TextAreaField, TextField } from '../../ui/form.tsx';

export type Zone = Answer<'/admin/v1/shipping/zones', 'get'>['data'][number];
export type Method = Zone['methods'][number];
export type StockLocation = Answer<'/admin/v1/stock-locations', 'get'>['data'][number];
type MethodBody = Body<'/admin/v1/shipping/zones/{zoneId}/methods', 'post'>;
type RateType = Method['rate']['type'];
type BandRate = Exclude<Method['rate'], { type: 'flat' }>;

/** A rate band as typed: its bounds (grams, or money for price bands) and its price. */
interface BandDraft {
  from: string;
  to: string;
  amount: string;
}

interface Draft {
  name: string;
  currency: string;
  rateType: RateType;
  amount: string;
  bands: BandDraft[];
  freeFrom: string;
  minDays: string;
  maxDays: string;
  active: boolean;
  /** The pickup location's id; empty: delivered to the shopper. */
  pickupLocationId: string;
  pickupInstructions: string;
}

const TABLE = 'table';

function draftOf(method: Method | null, currency: string): Draft {
  const cur = method?.currency ?? currency;
  const rate = method?.rate;
  const bound = (type: RateType, n: number | null) =>
    n === null ? '' : type === 'price_band' ? moneyInput(n, cur) : String(n);
  return {
    name: method?.name ?? '',
    currency: cur,
    rateType: rate?.type ?? 'flat',
    amount: rate?.type === 'flat' ? moneyInput(rate.amount, cur) : '',
    bands:
      rate && rate.type !== 'flat'
        ? rate.bands.map((b) => ({
            from: bound(rate.type, b.from),
            to: bound(rate.type, b.to),
            amount: moneyInput(b.amount, cur),
          }))
        : [{ from: '0', to: '', amount: '' }],
    freeFrom: moneyInput(method?.free_shipping_threshold, cur),
    minDays: method?.delivery_estimate ? String(method.delivery_estimate.min_days) : '',
    maxDays: method?.delivery_estimate ? String(method.delivery_estimate.max_days) : '',
    active: method?.active ?? true,
    pickupLocationId: method?.pickup?.location_id ?? '',
    pickupInstructions: method?.pickup?.instructions ?? '',
  };
}

const wholeNumber = (text: string): number | null => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : null);

/**
 * Add a method to a zone or change one: its name, price (flat, or bands by weight or order value),
 * free-shipping threshold, delivery estimate, whether it is offered, and — for click and collect —
 * the store location where shoppers pick the order up, with what they are told. The server's
 * refusals show under their fields.
 */
export function ShippingMethodDialog({
  zone,
  method,
  locations,
  storeCurrency,
  onClose,
}: {
  zone: Zone;
  method: Method | null;
  locations: StockLocation[];
  storeCurrency: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const formId = useId();
  const [draft, setDraft] = useState<Draft>(() => draftOf(method, storeCurrency));
  // Mistakes found before anything is sent, by field.
  const [local, setLocal] = useState<Record<string, string>>({});
  const update = (next: Partial<Draft>) => setDraft((d) => ({ ...d, ...next }));
  const currency = draft.currency.trim().toUpperCase() || storeCurrency;

  const save = useMutation({
    mutationFn: (body: MethodBody) =>
      method
        ? api.patch('/admin/v1/shipping/methods/{methodId}', { path: { methodId: method.id }, body })
        : api.post('/admin/v1/shipping/zones/{zoneId}/methods', { path: { zoneId: zone.id }, body }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['shipping', 'zones'] });
      toast(t('shipping.methodSaved'));
      onClose();
    },
  });
  const apiError = isApiError(save.error) ? save.error : null;
  const error = (path: string) => local[path] ?? apiError?.fieldErrorWithin(path);

  /** The body to send, or null (and the mistakes shown) when something typed cannot be read. */
  const bodyOf = (): MethodBody | null => {
    const problems: Record<string, string> = {};
    const money = (field: string, text: string, optional = false) => {
      if (optional && !text.trim()) return null;
      const n = parseMoney(text, currency);
      if (n === null) problems[field] = t('form.money');
      return n;
    };
    if (!draft.name.trim()) problems.name = t('form.required');
    // Band bounds are grams, or money for price bands.
    const bound = (field: string, text: string, optional: boolean) => {
      if (draft.rateType === 'price_band') return money(field, text, optional);
      if (optional && !text.trim()) return null;
      const n = wholeNumber(text);
      if (n === null) problems[field] = t('form.count');
      return n;
    };
    if (draft.rateType !== 'flat' && draft.bands.length === 0) problems.rate = t('shipping.needBand');
    const rate: MethodBody['rate'] =
      draft.rateType === 'flat'
        ? { type: 'flat', amount: money('rate', draft.amount) ?? 0 }
        : ({
            type: draft.rateType,
            bands: draft.bands.map((b, i) => ({
              from: bound(`rate.bands.${i}.from`, b.from, false) ?? 0,
              to: bound(`rate.bands.${i}.to`, b.to, true),
              amount: money(`rate.bands.${i}.amount`, b.amount) ?? 0,
            })),
          } as BandRate);
    const freeFrom = money('free_shipping_threshold', draft.freeFrom, true);
    let estimate: MethodBody['delivery_estimate'] = null;
    if (draft.minDays.trim() || draft.maxDays.trim()) {
      const min = wholeNumber(draft.minDays);
      const max = wholeNumber(draft.maxDays);
      if (min === null || max === null) problems.delivery_estimate = t('shipping.daysBoth');
      else estimate = { min_days: min, max_days: max };
    }
    setLocal(problems);
    if (Object.keys(problems).length) return null;
    return {
      name: draft.name.trim(),
      currency,
      rate,
      free_shipping_threshold: freeFrom,
      delivery_estimate: estimate,
      active: draft.active,
      pickup: draft.pickupLocationId
        ? {
            location_id: draft.pickupLocationId,
            instructions: draft.pickupInstructions.trim() || null,
          }
        : null,
    };
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.reset();
    const body = bodyOf();
    if (body) save.mutate(body);
  };

  // Active locations can be chosen; the one a method already uses stays listed if it has closed.
  const choosable = locations.filter((l) => l.active || l.id === method?.pickup?.location_id);
  const chosen = locations.find((l) => l.id === draft.pickupLocationId);
  const carrierPriced = !!method && method.provider !== TABLE;
  const setBand = (i: number, next: Partial<BandDraft>) =>
    update({ bands: draft.bands.map((b, j) => (j === i ? { ...b, ...next } : b)) });
  const boundLabel = (end: 'from' | 'to') =>
    t(
      draft.rateType === 'price_band'
        ? `shipping.band.${end}.price_band`
        : `shipping.band.${end}.weight_band`,
      {
        currency,
      },
    );

  return (
    <Dialog
      open
      onClose={onClose}
      title={method ? t('shipping.editMethod') : t('shipping.newMethod')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" form={formId} variant="primary" busy={save.isPending}>
            {t('common.save')}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-4" noValidate aria-label={t('shipping.method')}>
        <p className="text-sm text-slate-700">{zone.name}</p>
        <div className="grid gap-3 sm:grid-cols-[1fr_7rem]">
          <TextField
            label={t('shipping.name')}
            value={draft.name}
            maxLength={120}
            onChange={(e) => update({ name: e.target.value })}
            error={error('name')}
            hint={t('shipping.nameHint')}
          />
          <TextField
            label={t('shipping.currency')}
            value={draft.currency}
            maxLength={3}
            onChange={(e) => update({ currency: e.target.value.toUpperCase() })}
            error={error('currency')}
          />
        </div>
        <SelectField
          label={t('shipping.rateType')}
          value={draft.rateType}
          onChange={(e) => update({ rateType: e.target.value as RateType })}
        >
          <option value="flat">{t('shipping.rate.flat')}</option>
          <option value="weight_band">{t('shipping.rate.weight_band')}</option>
          <option value="price_band">{t('shipping.rate.price_band')}</option>
        </SelectField>
        {draft.rateType === 'flat' ? (
          <TextField
            label={t('shipping.amount', { currency })}
            inputMode="decimal"
            value={draft.amount}
            onChange={(e) => update({ amount: e.target.value })}
            error={error('rate')}
          />
        ) : (
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-slate-800">{t('shipping.bands')}</legend>
            <p className="text-xs text-slate-600">{t('shipping.bandsHint')}</p>
            <table className="w-full text-sm">
              <thead>
                <tr>
                  <th scope="col" className="pr-2 text-left font-medium text-slate-700">
                    {boundLabel('from')}
                  </th>
                  <th scope="col" className="pr-2 text-left font-medium text-slate-700">
                    {boundLabel('to')}
                  </th>
                  <th scope="col" className="pr-2 text-left font-medium text-slate-700">
                    {t('shipping.band.amount', { currency })}
                  </th>
                  <th scope="col">
                    <span className="sr-only">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {draft.bands.map((b, i) => {
                  const cell = (field: keyof BandDraft, label: string) => (
                    <td className="py-1 pr-2 align-top">
                      <Input
                        inputMode={
                          field === 'amount' || draft.rateType === 'price_band' ? 'decimal' : 'numeric'
                        }
                        aria-label={t('shipping.bandField', { field: label, n: i + 1 })}
                        aria-invalid={error(`rate.bands.${i}.${field}`) ? true : undefined}
                        value={b[field]}
                        onChange={(e) => setBand(i, { [field]: e.target.value })}
                      />
                      {error(`rate.bands.${i}.${field}`) && (
                        <p className="mt-1 text-xs text-red-800">{error(`rate.bands.${i}.${field}`)}</p>
                      )}
                    </td>
                  );
                  return (
                    <tr key={i}>
                      {cell('from', boundLabel('from'))}
                      {cell('to', boundLabel('to'))}
                      {cell('amount', t('shipping.band.amount', { currency }))}
                      <td className="py-1 align-top">
                        <Button
                          small
                          variant="ghost"
                          aria-label={t('shipping.removeBand', { n: i + 1 })}
                          onClick={() => update({ bands: draft.bands.filter((_, j) => j !== i) })}
                        >
                          ✕
                        </Button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {error('rate') && <p className="text-sm text-red-800">{error('rate')}</p>}
            <Button
              small
              onClick={() =>
                update({
                  bands: [...draft.bands, { from: draft.bands.at(-1)?.to ?? '', to: '', amount: '' }],
                })
              }
            >
              {t('shipping.addBand')}
            </Button>
          </fieldset>
        )}
        <TextField
          label={t('shipping.freeThreshold', { currency })}
          inputMode="decimal"
          value={draft.freeFrom}
          onChange={(e) => update({ freeFrom: e.target.value })}
          error={error('free_shipping_threshold')}
          hint={t('shipping.freeThresholdHint')}
        />
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField
            label={t('shipping.minDays')}
            inputMode="numeric"
            value={draft.minDays}
            onChange={(e) => update({ minDays: e.target.value })}
            error={error('delivery_estimate.min_days') ?? error('delivery_estimate')}
          />
          <TextField
            label={t('shipping.maxDays')}
            inputMode="numeric"
            value={draft.maxDays}
            onChange={(e) => update({ maxDays: e.target.value })}
            error={error('delivery_estimate.max_days')}
          />
        </div>
        <Checkbox
          label={t('shipping.active')}
          checked={draft.active}
          onChange={(e) => update({ active: e.target.checked })}
        />

        <fieldset className="space-y-3 rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-sm font-semibold text-slate-900">{t('shipping.pickup')}</legend>
          <p className="text-xs text-slate-600">{t('shipping.pickupExplain')}</p>
          <SelectField
            label={t('shipping.pickupLocation')}
            value={draft.pickupLocationId}
            onChange={(e) => update({ pickupLocationId: e.target.value })}
            error={error('pickup.location_id') ?? error('pickup') ?? error('provider')}
            hint={
              choosable.length === 0
                ? t('shipping.noActiveLocations')
                : carrierPriced && draft.pickupLocationId
                  ? t('shipping.carrierPickup')
                  : chosen && !locationAddress(chosen)
                    ? t('shipping.locationNoAddress')
                    : chosen
                      ? locationAddress(chosen)
                      : undefined
            }
          >
            <option value="">{t('shipping.noPickup')}</option>
            {choosable.map((l) => (
              <option key={l.id} value={l.id}>
                {l.active ? l.name : t('shipping.closedLocation', { name: l.name })}
              </option>
            ))}
          </SelectField>
          {draft.pickupLocationId && (
            <TextAreaField
              label={t('shipping.pickupInstructions')}
              rows={3}
              maxLength={1000}
              value={draft.pickupInstructions}
              onChange={(e) => update({ pickupInstructions: e.target.value })}
              error={error('pickup.instructions')}
              hint={t('shipping.pickupInstructionsHint')}
            />
          )}
        </fieldset>
        <ErrorMessage error={save.error} />
      </form>
    </Dialog>
  );
}
