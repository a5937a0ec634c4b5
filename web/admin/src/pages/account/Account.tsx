import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api } from '../../api/client.ts';
import { session } from '../../api/session.ts';
import { useT } from '../../i18n/I18n.tsx';
import { LanguageSwitch } from '../../LanguageSwitch.tsx';
import { useMe } from '../../lib/me.ts';
import { buttonClass } from '../../ui/Button.tsx';
import { ErrorMessage, Loading } from '../../ui/feedback.tsx';
import { Select } from '../../ui/form.tsx';
import { Card, Facts, Page } from '../../ui/layout.tsx';
import { DateTime } from '../../ui/values.tsx';

/** The signed-in member: profile, MFA and recovery codes, language, and the store they act in. */
export function AccountPage() {
  const t = useT();
  const me = useMe();
  const queryClient = useQueryClient();
  const switchStore = useMutation({
    mutationFn: (storeId: string) => api.post('/admin/v1/auth/switch-store', { body: { store_id: storeId } }),
    onSuccess: async (answer) => {
      session.set(answer);
      await queryClient.invalidateQueries();
    },
  });
  if (me.isPending) return <Loading />;
  if (!me.data)
    return (
      <Page title={t('nav.account')}>
        <ErrorMessage error={me.error} />
      </Page>
    );
  const m = me.data;
  return (
    <Page title={t('nav.account')}>
      <Card title={t('account.profile')}>
        <Facts
          items={[
            [t('auth.email'), m.user.email],
            [t('auth.name'), m.user.name ?? '—'],
            [t('staff.role'), m.store_role ? t(`role.${m.store_role}` as 'role.owner') : '—'],
            [t('customers.lastLogin'), <DateTime key="l" value={m.user.last_login_at} />],
          ]}
        />
      </Card>
      <Card title={t('account.mfa')}>
        {m.user.mfa_enabled ? (
          <p className="text-sm text-slate-800">
            {t('account.mfaOn')}{' '}
            {m.mfa_recovery_codes_remaining !== null &&
              t('account.recoveryLeft', { n: m.mfa_recovery_codes_remaining })}
          </p>
        ) : (
          <div className="space-y-3">
            <p className="text-sm text-slate-800">{t('account.mfaOff')}</p>
            <Link to="/enrol" className={buttonClass('primary')}>
              {t('account.setUpMfa')}
            </Link>
          </div>
        )}
      </Card>
      <Card title={t('common.language')}>
        <LanguageSwitch />
      </Card>
      {m.stores.length > 1 && (
        <Card title={t('account.store')}>
          <Select
            aria-label={t('account.store')}
            value={m.store_id ?? ''}
            onChange={(e) => switchStore.mutate(e.target.value)}
            className="max-w-sm"
          >
            {m.stores.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
          <ErrorMessage error={switchStore.error} className="mt-2" />
        </Card>
      )}
    </Page>
  );
}
