import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCan } from '../../lib/me.ts';
import { useCursorList } from '../../lib/paging.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { CursorTable } from '../../ui/CursorTable.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { SelectField, TextField } from '../../ui/form.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import { DateTime } from '../../ui/values.tsx';

/** The store's API keys: create one (shown once), revoke one. */
export function ApiKeysPage() {
  const t = useT();
  const can = useCan();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'secret' | 'publishable'>('secret');
  const [role, setRole] = useState<'admin' | 'staff' | 'read_only'>('staff');
  const [shown, setShown] = useState<string | null>(null);
  const list = useCursorList(['api-keys'], (cursor) =>
    api.get('/admin/v1/api-keys', { query: { limit: 50, cursor } }),
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['api-keys'] });
  const create = useMutation({
    mutationFn: () =>
      api.post('/admin/v1/api-keys', {
        body: { name: name.trim(), kind, ...(kind === 'secret' ? { role } : {}) },
      }),
    onSuccess: async (key) => {
      setShown(key.key);
      setName('');
      await refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete('/admin/v1/api-keys/{key_id}', { path: { key_id: id } }),
    onSuccess: async () => {
      await refresh();
      toast(t('apiKeys.revokedToast'));
    },
  });
  const manage = can('api_keys.manage');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const err = isApiError(create.error) ? create.error : null;
  return (
    <Page title={t('nav.apiKeys')}>
      {manage && (
        <Card title={t('apiKeys.create')}>
          <form onSubmit={submit} noValidate className="grid grid-cols-1 gap-3 sm:grid-cols-4">
            <TextField
              className="sm:col-span-2"
              label={t('apiKeys.name')}
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={err?.fieldError('name')}
            />
            <SelectField
              label={t('apiKeys.kind')}
              value={kind}
              onChange={(e) => setKind(e.target.value as 'secret' | 'publishable')}
            >
              <option value="secret">{t('apiKeys.kind.secret')}</option>
              <option value="publishable">{t('apiKeys.kind.publishable')}</option>
            </SelectField>
            {kind === 'secret' && (
              <SelectField
                label={t('apiKeys.role')}
                value={role}
                onChange={(e) => setRole(e.target.value as typeof role)}
              >
                {(['admin', 'staff', 'read_only'] as const).map((r) => (
                  <option key={r} value={r}>
                    {t(`role.${r}`)}
                  </option>
                ))}
              </SelectField>
            )}
            <div className="sm:col-span-4">
              <Button type="submit" variant="primary" disabled={!name.trim()} busy={create.isPending}>
                {t('apiKeys.create')}
              </Button>
            </div>
            <ErrorMessage error={create.error} className="sm:col-span-4" />
          </form>
        </Card>
      )}
      <Card>
        <ErrorMessage error={revoke.error} />
        <CursorTable
          list={list}
          caption={t('nav.apiKeys')}
          rowKey={(k) => k.id}
          empty={t('apiKeys.none')}
          columns={[
            { header: t('apiKeys.name'), cell: (k) => k.name },
            { header: t('apiKeys.kind'), cell: (k) => t(`apiKeys.kind.${k.kind}`) },
            {
              header: t('apiKeys.prefix'),
              cell: (k) => <span className="font-mono text-xs">{k.prefix}…</span>,
              wide: true,
            },
            { header: t('apiKeys.role'), cell: (k) => (k.role ? t(`role.${k.role}`) : '—'), wide: true },
            { header: t('apiKeys.lastUsed'), cell: (k) => <DateTime value={k.last_used_at} />, wide: true },
            {
              header: t('common.status'),
              cell: (k) => <StatusBadge status={k.revoked_at ? 'revoked' : 'active'} />,
            },
            {
              header: <span className="sr-only">{t('common.actions')}</span>,
              cell: (k) =>
                manage &&
                !k.revoked_at && (
                  <Button
                    small
                    variant="ghost"
                    onClick={() => revoke.mutate(k.id)}
                    aria-label={t('apiKeys.revokeNamed', { name: k.name })}
                  >
                    {t('apiKeys.revoke')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      <Dialog
        open={!!shown}
        onClose={() => setShown(null)}
        title={t('apiKeys.shownTitle')}
        footer={<Button onClick={() => setShown(null)}>{t('common.done')}</Button>}
      >
        <p className="text-sm text-slate-700">{t('apiKeys.shownExplain')}</p>
        <p className="rounded bg-slate-100 p-3 font-mono text-sm break-all">{shown}</p>
        <Button
          small
          onClick={() =>
            void navigator.clipboard?.writeText(shown ?? '').then(() => toast(t('common.copied')))
          }
        >
          {t('common.copy')}
        </Button>
      </Dialog>
    </Page>
  );
}
