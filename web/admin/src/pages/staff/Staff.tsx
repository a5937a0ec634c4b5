import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCan, useMe } from '../../lib/me.ts';
import { useCursorList } from '../../lib/paging.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { CursorTable } from '../../ui/CursorTable.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { Select, SelectField, TextField } from '../../ui/form.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import { DateTime } from '../../ui/values.tsx';

const ROLES = ['owner', 'admin', 'staff', 'read_only'] as const;
type Role = (typeof ROLES)[number];

/** Who works in the store, with which role and whether they use MFA; invite, change roles, remove. */
export function StaffPage() {
  const t = useT();
  const toast = useToast();
  const can = useCan();
  const me = useMe();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('staff');
  const list = useCursorList(['staff'], (cursor) =>
    api.get('/admin/v1/staff', { query: { limit: 100, cursor } }),
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['staff'] });
  const invite = useMutation({
    mutationFn: () =>
      api.post('/admin/v1/staff', {
        body: { email: email.trim(), role, ...(name.trim() ? { name: name.trim() } : {}) },
      }),
    onSuccess: async (member) => {
      setEmail('');
      setName('');
      await refresh();
      toast(
        member.invited
          ? t('staff.invitedToast', { email: member.email })
          : t('staff.addedToast', { email: member.email }),
      );
    },
  });
  const change = useMutation({
    mutationFn: (v: { userId: string; role: Role }) =>
      api.patch('/admin/v1/staff/{user_id}', { path: { user_id: v.userId }, body: { role: v.role } }),
    onSuccess: async () => {
      await refresh();
      toast(t('staff.roleChangedToast'));
    },
  });
  const remove = useMutation({
    mutationFn: (userId: string) => api.delete('/admin/v1/staff/{user_id}', { path: { user_id: userId } }),
    onSuccess: async () => {
      await refresh();
      toast(t('staff.removedToast'));
    },
  });
  const manage = can('staff.manage');
  const myRole = me.data?.store_role;
  const assignable = ROLES.filter((r) => myRole === 'owner' || r !== 'owner');
  const err = isApiError(invite.error) ? invite.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate();
  };
  return (
    <Page title={t('nav.staff')}>
      {manage && (
        <Card title={t('staff.invite')}>
          <form onSubmit={submit} noValidate className="grid grid-cols-1 gap-3 sm:grid-cols-4">
            <TextField
              className="sm:col-span-2"
              label={t('auth.email')}
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              error={err?.fieldError('email')}
            />
            <TextField label={t('auth.name')} value={name} onChange={(e) => setName(e.target.value)} />
            <SelectField
              label={t('staff.role')}
              value={role}
              onChange={(e) => setRole(e.target.value as Role)}
            >
              {assignable.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </SelectField>
            <div className="sm:col-span-4">
              <Button type="submit" variant="primary" disabled={!email.trim()} busy={invite.isPending}>
                {t('staff.invite')}
              </Button>
            </div>
            <ErrorMessage error={invite.error} className="sm:col-span-4" />
          </form>
        </Card>
      )}
      <Card>
        <ErrorMessage error={change.error ?? remove.error} />
        <CursorTable
          list={list}
          caption={t('nav.staff')}
          rowKey={(m) => m.user_id}
          columns={[
            {
              header: t('staff.member'),
              cell: (m) => (
                <div>
                  <p className="font-medium">{m.name ?? m.email}</p>
                  {m.name && <p className="text-xs break-all text-slate-600">{m.email}</p>}
                </div>
              ),
            },
            {
              header: t('staff.role'),
              cell: (m) =>
                manage && m.user_id !== me.data?.user.id && (myRole === 'owner' || m.role !== 'owner') ? (
                  <Select
                    aria-label={t('staff.roleOf', { email: m.email })}
                    value={m.role}
                    onChange={(e) => change.mutate({ userId: m.user_id, role: e.target.value as Role })}
                    className="w-36"
                  >
                    {assignable.map((r) => (
                      <option key={r} value={r}>
                        {t(`role.${r}`)}
                      </option>
                    ))}
                  </Select>
                ) : (
                  t(`role.${m.role}`)
                ),
            },
            {
              header: t('staff.mfa'),
              cell: (m) =>
                m.mfa_enabled ? (
                  <StatusBadge status="enabled" />
                ) : ['owner', 'admin'].includes(m.role) ? (
                  <StatusBadge status="pending" />
                ) : (
                  t('staff.mfaOff')
                ),
            },
            { header: t('common.status'), cell: (m) => <StatusBadge status={m.status} />, wide: true },
            { header: t('staff.joined'), cell: (m) => <DateTime value={m.joined_at} />, wide: true },
            {
              header: <span className="sr-only">{t('common.actions')}</span>,
              cell: (m) =>
                manage &&
                m.user_id !== me.data?.user.id && (
                  <Button
                    small
                    variant="ghost"
                    onClick={() => remove.mutate(m.user_id)}
                    aria-label={t('staff.removeNamed', { email: m.email })}
                  >
                    {t('common.remove')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      <Card title={t('staff.roles')}>
        <dl className="space-y-3 text-sm">
          {ROLES.map((r) => (
            <div key={r}>
              <dt className="font-medium">{t(`role.${r}`)}</dt>
              <dd className="text-slate-700">{t(`role.${r}.explain`)}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-3 text-sm text-slate-700">{t('staff.mfaRule')}</p>
      </Card>
    </Page>
  );
}
