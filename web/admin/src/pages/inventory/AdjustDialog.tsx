import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18n.tsx';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { SelectField, TextField } from '../../ui/form.tsx';

export const ADJUSTMENT_REASONS = [
  'received',
  'returned',
  'shrinkage',
  'damaged',
  'repaired',
  'disposed',
  'correction',
] as const;
type Reason = (typeof ADJUSTMENT_REASONS)[number];

export interface AdjustTarget {
  variantId: string;
  variantName: string;
  locationId: string;
  locationName: string;
  onHand: number;
}

/** Adjust one variant's stock at one location for a reason, or record a count. */
export function AdjustDialog({ target, onClose }: { target: AdjustTarget; onClose: () => void }) {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'adjust' | 'count'>('adjust');
  const [reason, setReason] = useState<Reason>('received');
  const [quantity, setQuantity] = useState('');
  const [note, setNote] = useState('');
  const q = Number(quantity);
  const valid =
    quantity.trim() !== '' &&
    Number.isInteger(q) &&
    (mode === 'count' ? q >= 0 : reason === 'correction' ? q !== 0 : q > 0);
  const save = useMutation({
    mutationFn: (): Promise<unknown> =>
      mode === 'count'
        ? api.put('/admin/v1/inventory-levels', {
            body: {
              variant_id: target.variantId,
              location_id: target.locationId,
              on_hand: q,
              ...(note.trim() ? { note: note.trim() } : {}),
            },
          })
        : api.post('/admin/v1/inventory/adjustments', {
            body: {
              variant_id: target.variantId,
              location_id: target.locationId,
              reason,
              quantity: q,
              ...(note.trim() ? { note: note.trim() } : {}),
            },
          }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['inventory'] });
      toast(t('inventory.adjustedToast'));
      onClose();
    },
  });
  const err = isApiError(save.error) ? save.error : null;
  return (
    <Dialog
      open
      onClose={onClose}
      title={t('inventory.adjustTitle', { variant: target.variantName, location: target.locationName })}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="primary" disabled={!valid} busy={save.isPending} onClick={() => save.mutate()}>
            {t('common.save')}
          </Button>
        </>
      }
    >
      <p className="text-sm text-slate-700">{t('inventory.onHandNow', { n: target.onHand })}</p>
      <SelectField
        label={t('inventory.what')}
        value={mode}
        onChange={(e) => setMode(e.target.value as 'adjust' | 'count')}
      >
        <option value="adjust">{t('inventory.mode.adjust')}</option>
        <option value="count">{t('inventory.mode.count')}</option>
      </SelectField>
      {mode === 'adjust' && (
        <SelectField
          label={t('inventory.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value as Reason)}
        >
          {ADJUSTMENT_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`inventory.reason.${r}`)}
            </option>
          ))}
        </SelectField>
      )}
      <TextField
        label={mode === 'count' ? t('inventory.counted') : t('inventory.quantity')}
        hint={mode === 'adjust' ? t(`inventory.reasonHint.${reason}`) : undefined}
        inputMode="numeric"
        value={quantity}
        onChange={(e) => setQuantity(e.target.value)}
        error={
          quantity && !valid ? t('form.count') : (err?.fieldError('quantity') ?? err?.fieldError('on_hand'))
        }
      />
      <TextField label={t('inventory.note')} value={note} onChange={(e) => setNote(e.target.value)} />
      <ErrorMessage error={save.error} />
    </Dialog>
  );
}
