import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useId, useState, type FormEvent } from 'react';
import { api, type Body } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18n.tsx';
import {
  ADDRESS_FIELDS,
  AddressFields,
  addressOf,
  EMPTY_ADDRESS,
  type AddressDraft,
} from '../../ui/AddressFields.tsx';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { Checkbox } from '../../ui/form.tsx';
import { DetailsFields, NO_DETAILS, parseTags, type Details } from './customer-fields.tsx';

type NewCustomerBody = Body<'/admin/v1/customers', 'post'>;

/** The address's own fields: its name and phone are the customer's, typed once above it. */
const PLACE = ADDRESS_FIELDS.filter((f) => f !== 'first_name' && f !== 'last_name' && f !== 'phone');

/**
 * Add a customer (a phone order, a wholesale buyer): e-mail, names, phone, language, note, tags,
 * an optional first address (in their name, with their phone), the marketing they agreed to, and
 * whether to e-mail them an invitation to choose a password. The server's 400s and 409s show under
 * their fields; once added, their page opens.
 */
export function NewCustomerDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const formId = useId();
  const [details, setDetails] = useState<Details>(NO_DETAILS);
  const [address, setAddress] = useState<AddressDraft>(EMPTY_ADDRESS);
  const [consentEmail, setConsentEmail] = useState(false);
  const [consentSms, setConsentSms] = useState(false);
  const [invite, setInvite] = useState(false);
  // An address is sent, and its street, city and country required, once any part of it is typed.
  const addressTyped = PLACE.some((f) => address[f].trim());

  const save = useMutation({
    mutationFn: (body: NewCustomerBody) => api.post('/admin/v1/customers', { body }),
    onSuccess: async (customer, body) => {
      queryClient.setQueryData(['customer', customer.id], customer);
      void queryClient.invalidateQueries({ queryKey: ['customers'] });
      toast(t('customers.addedToast'));
      // The customer is kept even when the invitation could not be e-mailed: say so.
      if (body.send_invite && !customer.account_invitation) toast(t('customers.addedInviteFailed'), 'error');
      // Their page replaces the list (and this dialog with it).
      await navigate({ to: '/customers/$customerId', params: { customerId: customer.id } });
    },
  });
  const err = isApiError(save.error) ? save.error : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const d = details;
    const body: NewCustomerBody = { email: d.email.trim() };
    if (d.first_name.trim()) body.first_name = d.first_name.trim();
    if (d.last_name.trim()) body.last_name = d.last_name.trim();
    if (d.phone.trim()) body.phone = d.phone.trim();
    if (d.locale) body.locale = d.locale;
    if (d.note.trim()) body.note = d.note.trim();
    const tags = parseTags(d.tags);
    if (tags.length) body.tags = tags;
    if (addressTyped)
      body.address = addressOf({
        ...address,
        first_name: d.first_name,
        last_name: d.last_name,
        phone: d.phone,
      });
    const consent = [...(consentEmail ? ['email' as const] : []), ...(consentSms ? ['sms' as const] : [])];
    if (consent.length) body.marketing_consent = consent;
    if (invite) body.send_invite = true;
    save.mutate(body);
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={t('customers.addTitle')}
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
            {t('customers.add')}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-4" noValidate>
        {/* First: a refusal is seen without scrolling; each field's own is under it too. */}
        <ErrorMessage error={save.error} />
        <DetailsFields
          t={t}
          value={details}
          onChange={setDetails}
          error={err}
          emailHint={t('customers.emailHintNew')}
        />
        <fieldset className="space-y-2">
          <legend className="mb-1 text-sm font-semibold text-slate-900">{t('customers.firstAddress')}</legend>
          <p className="text-xs text-slate-600">{t('customers.firstAddressHint')}</p>
          <AddressFields
            value={address}
            onChange={setAddress}
            fields={PLACE}
            optional={!addressTyped}
            errorOf={(f) => err?.fieldErrorWithin(`address.${f}`)}
          />
        </fieldset>
        <fieldset className="space-y-2">
          <legend className="mb-1 text-sm font-semibold text-slate-900">{t('customers.consentGiven')}</legend>
          <p className="text-xs text-slate-600">{t('customers.consentHint')}</p>
          <Checkbox
            label={t('customers.consentEmail')}
            checked={consentEmail}
            onChange={(e) => setConsentEmail(e.target.checked)}
          />
          <Checkbox
            label={t('customers.consentSms')}
            checked={consentSms}
            onChange={(e) => setConsentSms(e.target.checked)}
          />
        </fieldset>
        <div className="space-y-1">
          <Checkbox
            label={t('customers.inviteOnCreate')}
            checked={invite}
            onChange={(e) => setInvite(e.target.checked)}
          />
          <p className="pl-6 text-xs text-slate-600">{t('customers.inviteOnCreateHint')}</p>
        </div>
      </form>
    </Dialog>
  );
}
