import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18n.tsx';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage } from '../../ui/feedback.tsx';
import { TextAreaField } from '../../ui/form.tsx';

type Kind = 'replacement' | 'exchange';
const KINDS: Kind[] = ['replacement', 'exchange'];

/**
 * Shopify's "Duplicate": a draft order that starts from a placed order — its customer, addresses,
 * currency and the units not cancelled, at today's prices — for a replacement of a lost parcel
 * (the same items) or an exchange (the items changed in the draft editor, where this lands).
 * The note, when typed, replaces the server's "Follows order #1001".
 */
export function DraftFromOrderDialog({
  order,
  onClose,
}: {
  order: { id: string; display_number: string };
  onClose: () => void;
}) {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Kind>('replacement');
  const [note, setNote] = useState('');
  const create = useMutation({
    mutationFn: () =>
      api.post('/admin/v1/draft-orders', {
        body: { from_order_id: order.id, ...(note.trim() ? { note: note.trim() } : {}) },
      }),
    onSuccess: async (draft) => {
      void queryClient.invalidateQueries({ queryKey: ['draft-orders', 'list'] });
      queryClient.setQueryData(['draft-orders', 'one', draft.id], draft);
      onClose();
      await navigate({ to: '/draft-orders/$draftId', params: { draftId: draft.id } });
    },
  });
  const noteError = isApiError(create.error) ? create.error.fieldError('note') : undefined;

  return (
    <Dialog
      open
      onClose={onClose}
      title={t('drafts.fromOrder')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="primary" busy={create.isPending} onClick={() => create.mutate()}>
            {t('drafts.create')}
          </Button>
        </>
      }
    >
      <p className="text-sm text-slate-700">
        {t('drafts.fromOrderExplain', { number: order.display_number })}
      </p>
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-800">{t('drafts.fromOrderKind')}</legend>
        <div className="space-y-1">
          {KINDS.map((k) => (
            <label key={k} className="flex items-center gap-2 text-sm text-slate-800">
              <input
                type="radio"
                name="draft-from-order-kind"
                value={k}
                checked={kind === k}
                onChange={() => setKind(k)}
                className="h-4 w-4 accent-indigo-700"
              />
              {t(k === 'replacement' ? 'drafts.fromOrderSame' : 'drafts.fromOrderOther')}
            </label>
          ))}
        </div>
        {kind === 'exchange' && (
          <p className="mt-1 text-xs text-slate-600">{t('drafts.fromOrderOtherHint')}</p>
        )}
      </fieldset>
      <TextAreaField
        label={t('drafts.fromOrderNote')}
        hint={t('drafts.fromOrderNoteHint', { number: order.display_number })}
        rows={2}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        error={noteError}
      />
      <ErrorMessage error={create.error} />
    </Dialog>
  );
}
