import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, type Body } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18n.tsx';
import {
  AddressFields,
  addressDraftOf,
  addressOf,
  PLACE_FIELDS,
  type AddressDraft,
} from '../../ui/AddressFields.tsx';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { TextField } from '../../ui/form.tsx';
import type { Location } from './Locations.tsx';

type PatchBody = Body<'/admin/v1/stock-locations/{locationId}', 'patch'>;

const same = (a: AddressDraft, b: AddressDraft) =>
  JSON.stringify(addressOf(a)) === JSON.stringify(addressOf(b));

/**
 * Add a stock location (name, code, address), or rename one and correct its address. The address
 * is where shoppers collect a pickup order, and what such a cart is taxed at; a warehouse needs
 * none. The server's refusals show under their fields. A change sends only what changed.
 */
export function LocationDialog({ location, onClose }: { location: Location | null; onClose: () => void }) {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const formId = useId();
  const addressBefore = addressDraftOf(location?.address);
  const [name, setName] = useState(location?.name ?? '');
  const [code, setCode] = useState('');
  const [address, setAddress] = useState<AddressDraft>(addressBefore);

  const save = useMutation({
    mutationFn: (body: PatchBody) =>
      location
        ? api.patch('/admin/v1/stock-locations/{locationId}', { path: { locationId: location.id }, body })
        : api.post('/admin/v1/stock-locations', {
            body: { name: body.name ?? '', code: body.code ?? '', address: body.address ?? {} },
          }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['inventory', 'locations'] });
      toast(t(location ? 'inventory.locationSaved' : 'inventory.locationAdded'));
      onClose();
    },
  });
  const err = isApiError(save.error) ? save.error : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!location) {
      save.mutate({ name: name.trim(), code: code.trim(), address: addressOf(address) });
      return;
    }
    const body: PatchBody = {};
    if (name.trim() !== location.name) body.name = name.trim();
    if (!same(address, addressBefore)) body.address = addressOf(address);
    if (Object.keys(body).length === 0) {
      onClose();
      return;
    }
    save.mutate(body);
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={
        location ? t('inventory.editLocationNamed', { name: location.name }) : t('inventory.newLocation')
      }
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="submit"
            form={formId}
            variant="primary"
            disabled={!name.trim() || (!location && !code.trim())}
            busy={save.isPending}
          >
            {t(location ? 'common.save' : 'common.add')}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-4" noValidate>
        <ErrorMessage error={save.error} />
        <div className="grid gap-3 sm:grid-cols-[1fr_12rem]">
          <TextField
            label={t('inventory.locationName')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={err?.fieldErrorWithin('name')}
            required
          />
          {location ? (
            <TextField label={t('inventory.code')} value={location.code} disabled />
          ) : (
            <TextField
              label={t('inventory.code')}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              error={err?.fieldErrorWithin('code')}
              hint={t('inventory.codeHint')}
              required
            />
          )}
        </div>
        <fieldset className="space-y-2">
          <legend className="mb-1 text-sm font-semibold text-slate-900">
            {t('inventory.locationAddress')}
          </legend>
          <p className="text-xs text-slate-600">{t('inventory.locationAddressHint')}</p>
          <AddressFields
            value={address}
            onChange={setAddress}
            fields={PLACE_FIELDS}
            optional
            errorOf={(f) => err?.fieldErrorWithin(`address.${f}`)}
          />
        </fieldset>
      </form>
    </Dialog>
  );
}
