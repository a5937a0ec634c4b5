import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCan } from '../../lib/me.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage } from '../../ui/feedback.tsx';
import { TextField } from '../../ui/form.tsx';
import { customerName } from '../customers/CustomerList.tsx';
import { CustomerSearch, type FoundCustomer } from './CustomerSearch.tsx';

/**
 * Starting a draft order: for a registered customer found by name or e-mail (their prices, the
 * order in their account), for an e-mail address, or for no one yet (filled in on the draft).
 */
export function NewDraftDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const can = useCan();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [customer, setCustomer] = useState<FoundCustomer | null>(null);
  const [email, setEmail] = useState('');
  const searchable = can('customers.read');

  const create = useMutation({
    mutationFn: () =>
      api.post('/admin/v1/draft-orders', {
        body: {
          ...(customer ? { customer_id: customer.id } : {}),
          ...(!customer && email.trim() ? { email: email.trim() } : {}),
        },
      }),
    onSuccess: async (draft) => {
      void queryClient.invalidateQueries({ queryKey: ['draft-orders', 'list'] });
      queryClient.setQueryData(['draft-orders', 'one', draft.id], draft);
      onClose();
      await navigate({ to: '/draft-orders/$draftId', params: { draftId: draft.id } });
    },
  });
  const fieldError = (path: string) => (isApiError(create.error) ? create.error.fieldError(path) : undefined);

  return (
    <Dialog
      open
      onClose={onClose}
      title={t('drafts.new')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="primary" busy={create.isPending} onClick={() => create.mutate()}>
            {t('drafts.create')}
          </Button>
        </>
      }
    >
      <p className="text-sm text-slate-700">{t('drafts.newExplain')}</p>
      <ErrorMessage error={create.error} />
      {customer ? (
        <div className="rounded-md border border-indigo-200 bg-indigo-50 p-3 text-sm">
          <p className="font-medium text-indigo-900">{customerName(customer)}</p>
          <p className="break-all text-slate-700">{customer.email}</p>
          {fieldError('customer_id') && <p className="mt-1 text-red-800">{fieldError('customer_id')}</p>}
          <Button small className="mt-2" onClick={() => setCustomer(null)}>
            {t('drafts.changeCustomer')}
          </Button>
        </div>
      ) : (
        <>
          {searchable && <CustomerSearch onChoose={setCustomer} />}
          <TextField
            label={searchable ? t('drafts.orEmail') : t('drafts.email')}
            hint={t('drafts.emailHint')}
            type="email"
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={fieldError('email')}
          />
        </>
      )}
    </Dialog>
  );
}
