import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { api, type Answer } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { Badge, StatusBadge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { Card, Facts } from '../../ui/layout.tsx';
import { DateTime } from '../../ui/values.tsx';
import { customerName } from './CustomerList.tsx';

type Customer = Answer<'/admin/v1/customers/{customerId}', 'get'>;

/**
 * The customer's account: none yet (no password: they check out as a guest), invited (an open
 * invitation to choose a password, until it expires) or registered; active or disabled. Staff who
 * may manage customers send an invitation (again) to one without a password, and disable an
 * account — after a confirmation: every session ends — or enable it again. An erased customer's
 * is only shown.
 */
export function AccountCard({ customer, canManage }: { customer: Customer; canManage: boolean }) {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const customerId = customer.id;
  const [confirmDisable, setConfirmDisable] = useState(false);
  const invitation = customer.account_invitation;
  const active = customer.status === 'active';

  const invite = useMutation({
    mutationFn: () => api.post('/admin/v1/customers/{customerId}/invite', { path: { customerId } }),
    onSuccess: async (sent) => {
      toast(t('customers.inviteSentToast', { email: sent.emailed_to }));
      await queryClient.invalidateQueries({ queryKey: ['customer', customerId] });
    },
  });
  const setStatus = useMutation({
    mutationFn: (status: 'active' | 'disabled') =>
      api.put('/admin/v1/customers/{customerId}/status', { path: { customerId }, body: { status } }),
    onSuccess: (saved) => {
      queryClient.setQueryData(['customer', customerId], saved);
      void queryClient.invalidateQueries({ queryKey: ['customers'] });
      setConfirmDisable(false);
      toast(t(saved.status === 'disabled' ? 'customers.disabledToast' : 'customers.enabledToast'));
    },
  });

  const state = customer.erased ? (
    <StatusBadge status="erased" />
  ) : customer.registered ? (
    <Badge tone="green">{t('customers.registered')}</Badge>
  ) : invitation ? (
    <Badge tone="amber">{t('customers.accountInvited')}</Badge>
  ) : (
    <Badge>{t('customers.accountNone')}</Badge>
  );
  const facts: [ReactNode, ReactNode][] = [
    [t('customers.account'), state],
    [
      t('common.status'),
      <StatusBadge
        key="s"
        status={customer.status}
        label={t(active ? 'customers.status.active' : 'customers.status.disabled')}
      />,
    ],
  ];
  if (customer.registered && customer.profile.registered_at)
    facts.push([t('customers.registeredAt'), <DateTime key="r" value={customer.profile.registered_at} />]);
  if (!customer.registered && invitation)
    facts.push(
      [t('customers.invitationSent'), <DateTime key="i" value={invitation.sent_at} />],
      [t('customers.inviteExpires'), <DateTime key="x" value={invitation.expires_at} />],
    );
  facts.push([t('customers.lastLogin'), <DateTime key="l" value={customer.last_login_at} />]);

  const manage = canManage && !customer.erased;
  const mayInvite = manage && !customer.registered && active;
  return (
    <Card title={t('customers.accountCard')}>
      <div className="space-y-3" data-testid="customer-account">
        <Facts items={facts} />
        {!customer.erased && !customer.registered && !invitation && active && (
          <p className="text-sm text-slate-600">{t('customers.accountNoneExplain')}</p>
        )}
        {!customer.erased && !active && (
          <p className="text-sm text-slate-700">{t('customers.disabledExplain')}</p>
        )}
        <ErrorMessage error={invite.error ?? (confirmDisable ? null : setStatus.error)} />
        {manage && (
          <div className="flex flex-wrap gap-2">
            {mayInvite && (
              <Button small busy={invite.isPending} onClick={() => invite.mutate()}>
                {t(invitation ? 'customers.resendInvite' : 'customers.sendInvite')}
              </Button>
            )}
            {active ? (
              <Button
                small
                variant="danger"
                onClick={() => {
                  setStatus.reset();
                  setConfirmDisable(true);
                }}
              >
                {t('customers.disable')}
              </Button>
            ) : (
              <Button small busy={setStatus.isPending} onClick={() => setStatus.mutate('active')}>
                {t('customers.enable')}
              </Button>
            )}
          </div>
        )}
        {mayInvite && <p className="text-xs text-slate-600">{t('customers.inviteExplain')}</p>}
      </div>
      <Dialog
        open={confirmDisable}
        onClose={() => setConfirmDisable(false)}
        title={t('customers.disableTitle', { name: customerName(customer) })}
        footer={
          <>
            <Button onClick={() => setConfirmDisable(false)}>{t('common.cancel')}</Button>
            <Button variant="danger" busy={setStatus.isPending} onClick={() => setStatus.mutate('disabled')}>
              {t('customers.disable')}
            </Button>
          </>
        }
      >
        <p className="text-sm text-slate-700">{t('customers.disableExplain')}</p>
        <ErrorMessage error={setStatus.error} />
      </Dialog>
    </Card>
  );
}
