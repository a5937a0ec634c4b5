import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, type Answer } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18n.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { Checkbox, TextField } from '../../ui/form.tsx';
import { Card, Facts } from '../../ui/layout.tsx';
import { DateTime } from '../../ui/values.tsx';

type Customer = Answer<'/admin/v1/customers/{customerId}', 'get'>;

/**
 * Whether the customer buys without tax (resale, non-profit, government) and the certificate that
 * says so. Their carts, and the draft orders started for them, are taxed as exempt. Staff who may
 * manage customers switch it; an erased customer's is only shown.
 */
export function TaxExemptionCard({ customer, canManage }: { customer: Customer; canManage: boolean }) {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const saved = customer.profile.tax_exemption;
  const [exempt, setExempt] = useState(saved.exempt);
  const [reference, setReference] = useState(saved.reference ?? '');
  const [until, setUntil] = useState(saved.expires_on ?? '');
  const save = useMutation({
    mutationFn: () =>
      api.put('/admin/v1/customers/{customerId}/tax-exemption', {
        path: { customerId: customer.id },
        body: { exempt, reference: reference.trim() || null, expires_on: until || null },
      }),
    onSuccess: async (answer) => {
      // The form shows what was stored (the reference trimmed), not what was typed.
      setExempt(answer.exempt);
      setReference(answer.reference ?? '');
      setUntil(answer.expires_on ?? '');
      await queryClient.invalidateQueries({ queryKey: ['customer', customer.id] });
      toast(t('customers.taxExemptionSaved'));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const unchanged =
    exempt === saved.exempt &&
    reference.trim() === (saved.reference ?? '') &&
    until === (saved.expires_on ?? '');
  const fieldError = (path: string) => (isApiError(save.error) ? save.error.fieldError(path) : undefined);
  const expired = saved.exempt && !saved.active;
  const lastChanged = saved.updated_at && (
    <p className="text-xs text-slate-600">
      {t('customers.taxExemptionChanged')} <DateTime value={saved.updated_at} />
    </p>
  );

  return (
    <Card
      title={t('customers.taxExemption')}
      actions={
        <Badge tone={expired ? 'amber' : saved.exempt ? 'violet' : 'grey'}>
          {t(
            expired
              ? 'customers.taxExemptExpired'
              : saved.exempt
                ? 'customers.taxExempt'
                : 'customers.notTaxExempt',
          )}
        </Badge>
      }
    >
      <p className="mb-3 text-sm text-slate-600">{t('customers.taxExemptionExplain')}</p>
      {canManage && !customer.erased ? (
        <form onSubmit={submit} className="space-y-3">
          <Checkbox
            label={t('customers.taxExempt')}
            checked={exempt}
            onChange={(e) => setExempt(e.target.checked)}
          />
          <TextField
            label={t('customers.taxReference')}
            hint={t('customers.taxReferenceHint')}
            autoComplete="off"
            maxLength={100}
            value={reference}
            onChange={(e) => setReference(e.target.value)}
            error={fieldError('reference')}
          />
          <TextField
            label={t('customers.taxExemptUntil')}
            hint={t('customers.taxExemptUntilHint')}
            type="date"
            value={until}
            onChange={(e) => setUntil(e.target.value)}
            error={fieldError('expires_on')}
          />
          {!fieldError('reference') && !fieldError('expires_on') && <ErrorMessage error={save.error} />}
          <div className="flex flex-wrap items-center justify-between gap-2">
            {lastChanged}
            <Button type="submit" small busy={save.isPending} disabled={unchanged} className="ml-auto">
              {t('customers.saveTaxExemption')}
            </Button>
          </div>
        </form>
      ) : (
        <>
          <Facts
            items={[
              [t('customers.taxReference'), saved.reference ?? '—'],
              [t('customers.taxExemptUntil'), saved.expires_on ?? '—'],
            ]}
          />
          <div className="mt-3">{lastChanged}</div>
        </>
      )}
    </Card>
  );
}
