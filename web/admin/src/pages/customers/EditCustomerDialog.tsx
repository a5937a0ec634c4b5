import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, type Answer, type Body } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18n.tsx';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { DetailsFields, detailsOf, parseTags, sameTags, type Details } from './customer-fields.tsx';
import { customerName } from './CustomerList.tsx';

type Customer = Answer<'/admin/v1/customers/{customerId}', 'get'>;
type CustomerPatch = Body<'/admin/v1/customers/{customerId}', 'patch'>;

/**
 * Correct a customer's e-mail, names, phone, language, note or tags. Only what changed is sent;
 * an emptied field is cleared (null); tags replace the ones they had.
 */
export function EditCustomerDialog({ customer, onClose }: { customer: Customer; onClose: () => void }) {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const formId = useId();
  const [details, setDetails] = useState<Details>(() => detailsOf(customer));

  const save = useMutation({
    mutationFn: (body: CustomerPatch) =>
      api.patch('/admin/v1/customers/{customerId}', { path: { customerId: customer.id }, body }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['customer', saved.id], saved);
      void queryClient.invalidateQueries({ queryKey: ['customers'] });
      toast(t('customers.savedToast'));
      onClose();
    },
  });
  const err = isApiError(save.error) ? save.error : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const d = details;
    const orNull = (v: string) => v.trim() || null;
    const body: CustomerPatch = {};
    if (d.email.trim().toLowerCase() !== customer.email.toLowerCase()) body.email = d.email.trim();
    if (orNull(d.first_name) !== customer.first_name) body.first_name = orNull(d.first_name);
    if (orNull(d.last_name) !== customer.last_name) body.last_name = orNull(d.last_name);
    if (orNull(d.phone) !== customer.profile.phone) body.phone = orNull(d.phone);
    if ((d.locale || null) !== customer.profile.locale) body.locale = d.locale || null;
    if (orNull(d.note) !== customer.note) body.note = orNull(d.note);
    const tags = parseTags(d.tags);
    if (!sameTags(tags, customer.tags)) body.tags = tags;
    if (Object.keys(body).length === 0) {
      toast(t('customers.unchanged'), 'info');
      onClose();
      return;
    }
    save.mutate(body);
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={t('customers.editTitle', { name: customerName(customer) })}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="submit"
            form={formId}
            variant="primary"
            disabled={!details.email.trim()}
            busy={save.isPending}
          >
            {t('common.save')}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-4" noValidate>
        <ErrorMessage error={save.error} />
        <DetailsFields
          t={t}
          value={details}
          onChange={setDetails}
          error={err}
          emailHint={t('customers.emailHintEdit')}
        />
      </form>
    </Dialog>
  );
}
