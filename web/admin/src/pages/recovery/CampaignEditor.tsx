import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCan, useStore } from '../../lib/me.ts';
import { useCursorList } from '../../lib/paging.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { CursorTable } from '../../ui/CursorTable.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage, Loading, useToast } from '../../ui/feedback.tsx';
import { Checkbox, SelectField, TextField } from '../../ui/form.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import { DateTime } from '../../ui/values.tsx';
import { CART_SOURCES } from './AbandonedCarts.tsx';
import {
  CHANNELS,
  CUSTOMER_KINDS,
  DELAY_UNITS,
  DISCOUNT_KINDS,
  draftOf,
  emptyDraft,
  inheritDiscount,
  newStep,
  toCampaignBody,
  uid,
  delayMinutes,
  type CampaignDraft,
  type DraftErrors,
  type StepDraft,
  type VariantDraft,
} from './campaign-draft.ts';
import { CategoryPicker, ProductPicker } from './CatalogPickers.tsx';
import { CampaignTimeline } from './CampaignTimeline.tsx';
import { TemplatePicker } from './TemplatePicker.tsx';

const MAX_STEPS = 10;
const MAX_VARIANTS = 5;

/** A variant's discount: the step's, none, or its own (kind, amount, how long the code lasts). */
function VariantDiscount({
  variant,
  n,
  name,
  currency,
  error,
  onChange,
}: {
  variant: VariantDraft;
  n: number;
  name: string;
  currency: string;
  error: (field: 'value' | 'expires') => string | undefined;
  onChange: (next: VariantDraft['discount']) => void;
}) {
  const t = useT();
  const d = variant.discount;
  return (
    <div className="col-span-full grid grid-cols-1 gap-2 sm:grid-cols-3">
      <SelectField
        label={t('campaigns.variantDiscount', { n, key: name })}
        value={d.kind}
        onChange={(ev) => onChange({ ...d, kind: ev.target.value as VariantDraft['discount']['kind'] })}
      >
        <option value="inherit">{t('campaigns.stepsDiscount')}</option>
        <option value="none">{t('campaigns.noDiscount')}</option>
        {DISCOUNT_KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`campaigns.discount.${k}`)}
          </option>
        ))}
      </SelectField>
      {(d.kind === 'percentage' || d.kind === 'fixed') && (
        <TextField
          label={
            d.kind === 'percentage'
              ? t('campaigns.variantPercentOff', { n, key: name })
              : t('campaigns.variantAmountOff', { n, key: name, currency })
          }
          inputMode="decimal"
          value={d.value}
          onChange={(ev) => onChange({ ...d, value: ev.target.value })}
          error={error('value')}
        />
      )}
      {d.kind !== 'inherit' && d.kind !== 'none' && (
        <TextField
          label={t('campaigns.variantExpiresIn', { n, key: name })}
          inputMode="numeric"
          value={d.expiresInHours}
          onChange={(ev) => onChange({ ...d, expiresInHours: ev.target.value })}
          error={error('expires')}
        />
      )}
    </div>
  );
}

/** One step of the sequence: when, which channel, which template, a discount, A/B variants. */
function StepCard({
  step,
  index,
  count,
  currency,
  errors,
  readOnly,
  onChange,
  onMove,
  onRemove,
}: {
  step: StepDraft;
  index: number;
  count: number;
  currency: string;
  errors: DraftErrors;
  readOnly: boolean;
  onChange: (next: StepDraft) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const t = useT();
  const n = index + 1;
  const set = <K extends keyof StepDraft>(k: K, v: StepDraft[K]) => onChange({ ...step, [k]: v });
  const totalWeight = step.variants.reduce((sum, v) => sum + (Number(v.weight) || 0), 0);
  const e = (path: string) => errors[`steps.${index}.${path}`];
  return (
    <li className="rounded-lg border border-slate-200 bg-slate-50 p-4">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-semibold text-slate-900">{t('campaigns.stepTitle', { n })}</h3>
        {!readOnly && (
          <div className="flex gap-1">
            <Button
              small
              variant="ghost"
              disabled={index === 0}
              onClick={() => onMove(-1)}
              aria-label={t('campaigns.moveUp', { n })}
            >
              ↑
            </Button>
            <Button
              small
              variant="ghost"
              disabled={index === count - 1}
              onClick={() => onMove(1)}
              aria-label={t('campaigns.moveDown', { n })}
            >
              ↓
            </Button>
            <Button small variant="ghost" disabled={count === 1} onClick={onRemove}>
              {t('campaigns.removeStep', { n })}
            </Button>
          </div>
        )}
      </div>
      <fieldset disabled={readOnly} className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <legend className="sr-only">{t('campaigns.stepTitle', { n })}</legend>
        <TextField
          label={t('campaigns.delay', { n })}
          inputMode="numeric"
          value={step.delayAmount}
          onChange={(ev) => set('delayAmount', ev.target.value)}
          error={e('delay')}
          hint={t('campaigns.delayHint')}
        />
        <SelectField
          label={t('campaigns.delayUnit', { n })}
          value={step.delayUnit}
          onChange={(ev) => set('delayUnit', ev.target.value as StepDraft['delayUnit'])}
        >
          {DELAY_UNITS.map((u) => (
            <option key={u} value={u}>
              {t(`campaigns.unit.${u}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('campaigns.channel', { n })}
          value={step.channel}
          onChange={(ev) => {
            const channel = ev.target.value as StepDraft['channel'];
            onChange({
              ...step,
              channel,
              template: '',
              variants: step.variants.map((v) => ({ ...v, template: '' })),
            });
          }}
        >
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`templates.channel.${c}`)}
            </option>
          ))}
        </SelectField>
        <TemplatePicker
          label={t('campaigns.template', { n })}
          channel={step.channel}
          value={step.template}
          onChange={(v) => set('template', v)}
          disabled={readOnly}
        />
        <SelectField
          label={t('campaigns.discount', { n })}
          value={step.discount.kind}
          onChange={(ev) =>
            set('discount', { ...step.discount, kind: ev.target.value as StepDraft['discount']['kind'] })
          }
        >
          <option value="">{t('campaigns.noDiscount')}</option>
          {DISCOUNT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`campaigns.discount.${k}`)}
            </option>
          ))}
        </SelectField>
        {(step.discount.kind === 'percentage' || step.discount.kind === 'fixed') && (
          <TextField
            label={
              step.discount.kind === 'percentage'
                ? t('campaigns.percentOff', { n })
                : t('campaigns.amountOff', { n, currency })
            }
            inputMode="decimal"
            value={step.discount.value}
            onChange={(ev) => set('discount', { ...step.discount, value: ev.target.value })}
            error={e('discount.value')}
          />
        )}
        {step.discount.kind && (
          <TextField
            label={t('campaigns.expiresIn', { n })}
            inputMode="numeric"
            value={step.discount.expiresInHours}
            onChange={(ev) => set('discount', { ...step.discount, expiresInHours: ev.target.value })}
            error={e('discount.expires')}
          />
        )}
      </fieldset>
      <div className="mt-4 space-y-3">
        <Checkbox
          label={t('campaigns.abTest', { n })}
          checked={step.variants.length > 0}
          disabled={readOnly}
          onChange={(ev) =>
            set(
              'variants',
              ev.target.checked
                ? ['A', 'B'].map((key) => ({
                    uid: uid(),
                    key,
                    weight: '50',
                    template: step.template,
                    discount: inheritDiscount(),
                  }))
                : [],
            )
          }
        />
        {step.variants.length > 0 && (
          <fieldset disabled={readOnly} className="space-y-2 rounded-md border border-slate-200 bg-white p-3">
            <legend className="px-1 text-sm font-medium text-slate-800">
              {t('campaigns.variants', { n })}
            </legend>
            {step.variants.map((v, j) => (
              <div
                key={v.uid}
                className="grid grid-cols-2 items-end gap-2 border-b border-slate-100 pb-3 last:border-0 sm:grid-cols-[6rem_6rem_1fr_auto]"
              >
                <TextField
                  label={t('campaigns.variantKey')}
                  value={v.key}
                  error={e(`variants.${j}.key`)}
                  onChange={(ev) =>
                    set(
                      'variants',
                      step.variants.map((x) => (x.uid === v.uid ? { ...x, key: ev.target.value } : x)),
                    )
                  }
                />
                <TextField
                  label={t('campaigns.weight')}
                  inputMode="numeric"
                  value={v.weight}
                  error={e(`variants.${j}.weight`)}
                  hint={
                    totalWeight > 0
                      ? t('campaigns.share', {
                          pct: Math.round(((Number(v.weight) || 0) / totalWeight) * 100),
                        })
                      : undefined
                  }
                  onChange={(ev) =>
                    set(
                      'variants',
                      step.variants.map((x) => (x.uid === v.uid ? { ...x, weight: ev.target.value } : x)),
                    )
                  }
                />
                <TemplatePicker
                  label={t('campaigns.variantTemplate', { key: v.key || String(j + 1) })}
                  channel={step.channel}
                  value={v.template}
                  disabled={readOnly}
                  onChange={(value) =>
                    set(
                      'variants',
                      step.variants.map((x) => (x.uid === v.uid ? { ...x, template: value } : x)),
                    )
                  }
                />
                <Button
                  small
                  variant="ghost"
                  disabled={step.variants.length <= 2}
                  onClick={() =>
                    set(
                      'variants',
                      step.variants.filter((x) => x.uid !== v.uid),
                    )
                  }
                >
                  {t('campaigns.removeVariant', { key: v.key || String(j + 1) })}
                </Button>
                <VariantDiscount
                  variant={v}
                  n={n}
                  name={v.key || String(j + 1)}
                  currency={currency}
                  error={(f) => e(`variants.${j}.discount.${f}`)}
                  onChange={(discount) =>
                    set(
                      'variants',
                      step.variants.map((x) => (x.uid === v.uid ? { ...x, discount } : x)),
                    )
                  }
                />
              </div>
            ))}
            {step.variants.length < MAX_VARIANTS && (
              <Button
                small
                onClick={() =>
                  set('variants', [
                    ...step.variants,
                    {
                      uid: uid(),
                      key: String.fromCharCode(65 + step.variants.length),
                      weight: '50',
                      template: step.template,
                      discount: inheritDiscount(),
                    },
                  ])
                }
              >
                {t('campaigns.addVariant')}
              </Button>
            )}
          </fieldset>
        )}
      </div>
    </li>
  );
}

/** The runs of a campaign: one per abandoned cart that entered it. */
function CampaignRuns({ campaignId }: { campaignId: string }) {
  const t = useT();
  const runs = useCursorList(['campaigns', 'runs', campaignId], (cursor) =>
    api.get('/admin/v1/recovery/campaigns/{campaignId}/runs', {
      path: { campaignId },
      query: { limit: 25, cursor },
    }),
  );
  return (
    <Card title={t('campaigns.runs')}>
      <CursorTable
        list={runs}
        caption={t('campaigns.runs')}
        rowKey={(r) => r.id}
        empty={t('campaigns.noRuns')}
        columns={[
          {
            header: t('recovery.cart'),
            cell: (r) => (
              <Link
                to="/recovery/carts/$trackedCartId"
                params={{ trackedCartId: r.tracked_cart_id }}
                className="text-indigo-800 underline"
              >
                {t('campaigns.runCart', { id: r.tracked_cart_id.slice(-6) })}
              </Link>
            ),
          },
          { header: t('common.status'), cell: (r) => <StatusBadge status={r.status} /> },
          {
            header: t('campaigns.exitReason'),
            cell: (r) => (r.exit_reason ? t(`campaigns.exit.${r.exit_reason}`) : '—'),
            wide: true,
          },
          { header: t('campaigns.stepsTaken'), cell: (r) => r.step_reached, align: 'right' },
          { header: t('campaigns.nextDue'), cell: (r) => <DateTime value={r.next_due_at} />, wide: true },
          { header: t('campaigns.started'), cell: (r) => <DateTime value={r.created_at} />, wide: true },
        ]}
      />
    </Card>
  );
}

/**
 * The campaign builder: name and priority, trigger conditions, the steps on a timeline from the
 * moment of abandonment (add, remove, reorder; channel, template, discount, A/B variants with
 * weights), exit conditions; save, activate, pause, delete a draft; the runs.
 */
export function CampaignEditorPage() {
  const t = useT();
  const can = useCan();
  const toast = useToast();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const store = useStore();
  const currency = store.data?.currency ?? 'USD';
  const { campaignId } = useParams({ strict: false }) as { campaignId?: string };
  const isNew = !campaignId;
  const campaign = useQuery({
    queryKey: ['campaigns', 'one', campaignId],
    queryFn: () =>
      api.get('/admin/v1/recovery/campaigns/{campaignId}', { path: { campaignId: campaignId! } }),
    enabled: !isNew,
  });
  const [draft, setDraft] = useState<CampaignDraft | null>(isNew ? emptyDraft() : null);
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [confirmDelete, setConfirmDelete] = useState(false);
  useEffect(() => {
    if (campaign.data && store.data && !draft) setDraft(draftOf(campaign.data, currency));
  }, [campaign.data, store.data, draft, currency]);

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['campaigns'] });
  };
  const save = useMutation({
    mutationFn: async (d: CampaignDraft) => {
      const out = toCampaignBody(d, currency, {
        required: t('form.required'),
        money: t('form.money'),
        count: t('form.count'),
        percent: t('campaigns.percentRange'),
      });
      if ('errors' in out) {
        setErrors(out.errors);
        throw new Error(t('campaigns.fixFields'));
      }
      setErrors({});
      if (isNew) return api.post('/admin/v1/recovery/campaigns', { body: out.body });
      return api.patch('/admin/v1/recovery/campaigns/{campaignId}', {
        path: { campaignId: campaignId! },
        body: out.body,
      });
    },
    onSuccess: async (saved) => {
      setDirty(false);
      await refresh();
      toast(t('campaigns.saved'));
      if (isNew) await navigate({ to: '/recovery/campaigns/$campaignId', params: { campaignId: saved.id } });
      else setDraft(draftOf(saved, currency));
    },
  });
  const transition = useMutation({
    mutationFn: async (action: 'activate' | 'pause') => {
      if (action === 'activate' && dirty && draft) await save.mutateAsync(draft);
      return action === 'activate'
        ? api.post('/admin/v1/recovery/campaigns/{campaignId}/activate', {
            path: { campaignId: campaignId! },
          })
        : api.post('/admin/v1/recovery/campaigns/{campaignId}/pause', { path: { campaignId: campaignId! } });
    },
    onSuccess: async (c) => {
      await refresh();
      toast(c.status === 'active' ? t('campaigns.activated') : t('campaigns.paused'));
    },
  });
  const remove = useMutation({
    mutationFn: () =>
      api.delete('/admin/v1/recovery/campaigns/{campaignId}', { path: { campaignId: campaignId! } }),
    onSuccess: async () => {
      setConfirmDelete(false);
      await refresh();
      toast(t('campaigns.deleted'));
      await navigate({ to: '/recovery/campaigns' });
    },
  });

  const back = (
    <Link to="/recovery/campaigns" className="text-indigo-800 underline">
      ← {t('nav.campaigns')}
    </Link>
  );
  if (!isNew && campaign.isPending) return <Loading />;
  if (!draft)
    return (
      <Page title={t('nav.campaigns')} back={back}>
        <ErrorMessage error={campaign.error} />
      </Page>
    );

  const readOnly = !can('recovery.manage');
  const update = (next: Partial<CampaignDraft>) => {
    setDraft((d) => (d ? { ...d, ...next } : d));
    setDirty(true);
  };
  const setStep = (i: number, step: StepDraft) =>
    update({ steps: draft.steps.map((s, j) => (j === i ? step : s)) });
  const moveStep = (i: number, by: -1 | 1) => {
    const steps = [...draft.steps];
    const [moved] = steps.splice(i, 1);
    steps.splice(i + by, 0, moved!);
    update({ steps });
  };
  const addStep = () => {
    const last = draft.steps.at(-1);
    const after = last ? (delayMinutes(last) ?? 0) : 0;
    update({ steps: [...draft.steps, newStep(after + 1440)] });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draft);
  };
  const status = campaign.data?.status ?? 'draft';

  return (
    <Page
      title={
        <span className="flex flex-wrap items-center gap-3">
          {isNew ? t('campaigns.new') : draft.name || t('nav.campaigns')}
          {!isNew && <StatusBadge status={status} />}
        </span>
      }
      back={back}
      actions={
        !isNew &&
        !readOnly && (
          <>
            {status !== 'active' && (
              <Button
                variant="primary"
                busy={transition.isPending}
                onClick={() => transition.mutate('activate')}
              >
                {t('campaigns.activate')}
              </Button>
            )}
            {status === 'active' && (
              <Button busy={transition.isPending} onClick={() => transition.mutate('pause')}>
                {t('campaigns.pause')}
              </Button>
            )}
            {status === 'draft' && (
              <Button variant="danger" onClick={() => setConfirmDelete(true)}>
                {t('common.delete')}
              </Button>
            )}
          </>
        )
      }
    >
      <ErrorMessage error={transition.error} />
      <form onSubmit={submit} className="space-y-6" aria-label={t('campaigns.builder')}>
        <Card title={t('campaigns.basics')}>
          <fieldset disabled={readOnly} className="grid grid-cols-1 gap-3 sm:grid-cols-3">
            <TextField
              className="sm:col-span-2"
              label={t('campaigns.name')}
              value={draft.name}
              onChange={(e) => update({ name: e.target.value })}
              error={errors.name}
            />
            <TextField
              label={t('campaigns.priority')}
              hint={t('campaigns.priorityHint')}
              inputMode="numeric"
              value={draft.priority}
              onChange={(e) => update({ priority: e.target.value })}
              error={errors.priority}
            />
          </fieldset>
        </Card>
        <Card title={t('campaigns.trigger')}>
          <fieldset disabled={readOnly} className="grid grid-cols-1 gap-3 sm:grid-cols-3">
            <legend className="sr-only">{t('campaigns.trigger')}</legend>
            <TextField
              label={t('recovery.minValue', { currency })}
              inputMode="decimal"
              value={draft.minValue}
              onChange={(e) => update({ minValue: e.target.value })}
              error={errors.minValue}
            />
            <TextField
              label={t('recovery.maxValue', { currency })}
              inputMode="decimal"
              value={draft.maxValue}
              onChange={(e) => update({ maxValue: e.target.value })}
              error={errors.maxValue}
            />
            <SelectField
              label={t('campaigns.customer')}
              value={draft.customer}
              onChange={(e) => update({ customer: e.target.value as CampaignDraft['customer'] })}
            >
              {CUSTOMER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`campaigns.customer.${k}`)}
                </option>
              ))}
            </SelectField>
            <fieldset className="sm:col-span-3">
              <legend className="mb-1 text-sm font-medium text-slate-800">{t('campaigns.sources')}</legend>
              <div className="flex flex-wrap gap-x-5 gap-y-2">
                {CART_SOURCES.map((s) => (
                  <Checkbox
                    key={s}
                    label={t(`recovery.source.${s}`)}
                    checked={draft.sources.includes(s)}
                    onChange={(e) =>
                      update({
                        sources: e.target.checked
                          ? [...draft.sources, s]
                          : draft.sources.filter((x) => x !== s),
                      })
                    }
                  />
                ))}
              </div>
              <p className="mt-1 text-xs text-slate-600">{t('campaigns.sourcesHint')}</p>
            </fieldset>
            <div className="grid grid-cols-1 gap-4 sm:col-span-3 sm:grid-cols-2">
              <ProductPicker
                value={draft.productIds}
                onChange={(productIds) => update({ productIds })}
                disabled={readOnly}
              />
              <CategoryPicker
                value={draft.categoryIds}
                onChange={(categoryIds) => update({ categoryIds })}
                disabled={readOnly}
              />
              <p className="text-xs text-slate-600 sm:col-span-2">{t('campaigns.scopeHint')}</p>
            </div>
          </fieldset>
        </Card>
        <Card title={t('campaigns.stepsTitle')}>
          <CampaignTimeline steps={draft.steps} />
          <ol className="space-y-4" aria-label={t('campaigns.stepsTitle')}>
            {draft.steps.map((s, i) => (
              <StepCard
                key={s.uid}
                step={s}
                index={i}
                count={draft.steps.length}
                currency={currency}
                errors={errors}
                readOnly={readOnly}
                onChange={(next) => setStep(i, next)}
                onMove={(by) => moveStep(i, by)}
                onRemove={() => update({ steps: draft.steps.filter((_, j) => j !== i) })}
              />
            ))}
          </ol>
          {!readOnly && draft.steps.length < MAX_STEPS && (
            <Button className="mt-4" onClick={addStep}>
              {t('campaigns.addStep')}
            </Button>
          )}
        </Card>
        <Card title={t('campaigns.exitTitle')}>
          <Checkbox
            label={t('campaigns.exitOnClick')}
            checked={draft.exitOnClick}
            disabled={readOnly}
            onChange={(e) => update({ exitOnClick: e.target.checked })}
          />
          <p className="mt-2 text-xs text-slate-600">{t('campaigns.exitHint')}</p>
        </Card>
        <ErrorMessage error={save.error} />
        {!readOnly && (
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" variant="primary" busy={save.isPending}>
              {isNew ? t('campaigns.create') : t('common.save')}
            </Button>
            {dirty && !isNew && <span className="text-sm text-slate-600">{t('campaigns.unsaved')}</span>}
          </div>
        )}
      </form>
      {!isNew && campaignId && <CampaignRuns campaignId={campaignId} />}
      <Dialog
        open={confirmDelete}
        title={t('campaigns.deleteTitle')}
        onClose={() => setConfirmDelete(false)}
        footer={
          <>
            <Button onClick={() => setConfirmDelete(false)}>{t('common.cancel')}</Button>
            <Button variant="danger" busy={remove.isPending} onClick={() => remove.mutate()}>
              {t('common.delete')}
            </Button>
          </>
        }
      >
        <p className="text-sm">{t('campaigns.deleteExplain', { name: draft.name })}</p>
        <ErrorMessage error={remove.error} />
      </Dialog>
    </Page>
  );
}
