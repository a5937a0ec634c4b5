import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Answer } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18n.tsx';
import { addressLines } from '../../lib/address.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { Checkbox, TextField } from '../../ui/form.tsx';
import {
  AddressFields,
  addressDraftOf,
  addressOf,
  EMPTY_ADDRESS,
  type AddressDraft,
  type AddressField,
} from '../../ui/AddressFields.tsx';
import { Card } from '../../ui/layout.tsx';

type Customer = Answer<'/admin/v1/customers/{customerId}', 'get'>;
type Entry = Customer['addresses'][number];
type Draft = AddressDraft & { label: string; default_shipping: boolean };

const EMPTY: Draft = { ...EMPTY_ADDRESS, label: '', default_shipping: false };

function draftOf(e: Entry): Draft {
  return {
    ...addressDraftOf(e.address as Partial<Record<AddressField, string | null>>),
    label: e.label ?? '',
    default_shipping: e.is_default_shipping,
  };
}

/**
 * A customer's address book as staff keep it (a phone order, a corrected postcode): add, change,
 * make the default shipping address, remove. Each change is audited; the shopper sees it at once.
 */
export function AddressBook({ customer, canManage }: { customer: Customer; canManage: boolean }) {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const customerId = customer.id;
  // The address being edited (null: a new one); undefined: the dialog is closed.
  const [editing, setEditing] = useState<Entry | null | undefined>(undefined);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['customer', customerId] });

  const save = useMutation({
    mutationFn: () => {
      const body = {
        address: addressOf(draft),
        ...(draft.label.trim() ? { label: draft.label.trim() } : {}),
        ...(draft.default_shipping ? { default_shipping: true as const } : {}),
      };
      return editing
        ? api.patch('/admin/v1/customers/{customerId}/addresses/{addressId}', {
            path: { customerId, addressId: editing.id },
            body: { ...body, label: draft.label.trim() || null },
          })
        : api.post('/admin/v1/customers/{customerId}/addresses', { path: { customerId }, body });
    },
    onSuccess: async () => {
      setEditing(undefined);
      await refresh();
      toast(t('customers.addressSaved'));
    },
  });
  const change = useMutation({
    mutationFn: (op: { kind: 'default' | 'remove'; entry: Entry }) => {
      const path = { customerId, addressId: op.entry.id };
      return op.kind === 'remove'
        ? api.delete('/admin/v1/customers/{customerId}/addresses/{addressId}', { path })
        : api.patch('/admin/v1/customers/{customerId}/addresses/{addressId}', {
            path,
            body: { default_shipping: true },
          });
    },
    onSuccess: () => refresh(),
  });

  const open = (entry: Entry | null) => {
    save.reset();
    setDraft(entry ? draftOf(entry) : EMPTY);
    setEditing(entry);
  };
  const fieldError = (f: string) =>
    isApiError(save.error) ? save.error.fieldError(`address.${f}`) : undefined;
  const setLabel = (e: { target: { value: string } }) => setDraft({ ...draft, label: e.target.value });

  return (
    <Card
      title={t('customers.addresses')}
      actions={
        canManage && !customer.erased ? (
          <Button small onClick={() => open(null)}>
            {t('customers.addAddress')}
          </Button>
        ) : undefined
      }
    >
      <ErrorMessage error={change.error} className="mb-3" />
      {customer.addresses.length === 0 ? (
        <p className="text-sm text-slate-600">{t('customers.noAddresses')}</p>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2">
          {customer.addresses.map((a) => (
            <li key={a.id} className="text-sm">
              {a.label && <p className="font-medium">{a.label}</p>}
              <address className="not-italic">
                {addressLines(a.address).map((l, i) => (
                  <span key={i} className="block">
                    {l}
                  </span>
                ))}
              </address>
              {(a.is_default_shipping || a.is_default_billing) && (
                <p className="mt-1 text-xs text-slate-600">
                  {[
                    a.is_default_shipping && t('customers.defaultShipping'),
                    a.is_default_billing && t('customers.defaultBilling'),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
              )}
              {canManage && !customer.erased && (
                <div className="mt-2 flex flex-wrap gap-2">
                  <Button
                    small
                    onClick={() => open(a)}
                    aria-label={t('customers.editAddress', { n: a.address.line1 })}
                  >
                    {t('common.edit')}
                  </Button>
                  {!a.is_default_shipping && (
                    <Button small onClick={() => change.mutate({ kind: 'default', entry: a })}>
                      {t('customers.makeDefault')}
                    </Button>
                  )}
                  <Button
                    small
                    variant="danger"
                    onClick={() => change.mutate({ kind: 'remove', entry: a })}
                    aria-label={t('customers.removeAddress', { n: a.address.line1 })}
                  >
                    {t('common.remove')}
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <Dialog
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
        title={editing ? t('customers.editAddressTitle') : t('customers.addAddress')}
        footer={
          <>
            <Button onClick={() => setEditing(undefined)}>{t('common.cancel')}</Button>
            <Button variant="primary" busy={save.isPending} onClick={() => save.mutate()}>
              {t('common.save')}
            </Button>
          </>
        }
      >
        <ErrorMessage error={save.error} />
        <TextField label={t('customers.addressLabel')} value={draft.label} onChange={setLabel} />
        <AddressFields
          value={draft}
          onChange={(address) => setDraft({ ...draft, ...address })}
          errorOf={fieldError}
        />
        {!editing?.is_default_shipping && (
          <Checkbox
            label={t('customers.makeDefault')}
            checked={draft.default_shipping}
            onChange={(e) => setDraft({ ...draft, default_shipping: e.target.checked })}
          />
        )}
      </Dialog>
    </Card>
  );
}
