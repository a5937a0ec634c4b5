import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { hasMessage, useI18n } from '../../i18n/I18n.tsx';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { Card } from '../../ui/layout.tsx';
import { DateTime } from '../../ui/values.tsx';

/**
 * The e-mails the shopper was sent about an order (confirmation, shipping notices, cancellation, a
 * return's news) and the new-order notices to staff (each with its address), whether each went
 * out, and "send again" — for the shopper who lost one, or one that failed for good.
 */
export function OrderEmailsCard({ orderId, canManage }: { orderId: string; canManage: boolean }) {
  const { t } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const emails = useQuery({
    queryKey: ['order', orderId, 'emails'],
    queryFn: () => api.get('/admin/v1/orders/{orderId}/emails', { path: { orderId } }),
    // While one is on its way, look again shortly (the mail sender works in the background).
    refetchInterval: (q) => (q.state.data?.data.some((e) => e.status === 'pending') ? 2000 : false),
  });
  const resend = useMutation({
    mutationFn: (emailId: string) =>
      api.post('/admin/v1/orders/{orderId}/emails/{emailId}/resend', { path: { orderId, emailId } }),
    onSuccess: async () => {
      toast(t('orders.emailResent'));
      await queryClient.invalidateQueries({ queryKey: ['order', orderId, 'emails'] });
    },
  });
  const rows = emails.data?.data ?? [];
  return (
    <Card title={t('orders.emails')}>
      <ErrorMessage error={resend.error ?? emails.error} className="mb-3" />
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">{t('orders.noEmails')}</p>
      ) : (
        <ul className="space-y-2 text-sm">
          {rows.map((e) => {
            const key = `orders.email.${e.kind}`;
            const label = hasMessage(key) ? t(key) : e.kind;
            // A staff notice goes to the address it names: told apart by it.
            const to = e.kind === 'new_order' ? e.ref : null;
            const kind = to ? `${label} (${to})` : label;
            return (
              <li key={e.id} className="flex flex-wrap items-center justify-between gap-2">
                <span className="flex flex-wrap items-center gap-x-2">
                  <span className="font-medium">{label}</span>
                  {to && <span className="break-all text-slate-700">{t('orders.emailTo', { to })}</span>}
                  <StatusBadge status={e.status} />
                  {e.sent_at && <DateTime value={e.sent_at} />}
                  {e.resends > 0 && (
                    <span className="text-slate-600">{t('orders.resends', { n: e.resends })}</span>
                  )}
                </span>
                {canManage && e.status !== 'pending' && (
                  <Button
                    small
                    busy={resend.isPending && resend.variables === e.id}
                    onClick={() => resend.mutate(e.id)}
                    aria-label={t('orders.resendEmail', { kind })}
                  >
                    {t('orders.resend')}
                  </Button>
                )}
                {e.status === 'failed' && e.last_error && (
                  <p className="w-full text-xs text-red-800">{e.last_error}</p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
