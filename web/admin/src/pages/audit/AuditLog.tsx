import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCursorList } from '../../lib/paging.ts';
import { Button, LoadMore } from '../../ui/Button.tsx';
import { ErrorMessage, Loading } from '../../ui/feedback.tsx';
import { TextField } from '../../ui/form.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import { DateTime } from '../../ui/values.tsx';

/** Who changed what, when: the store's audit log, newest first, with before and after. */
export function AuditLogPage() {
  const t = useT();
  const search = useSearch({ from: '/app/audit-log' });
  const navigate = useNavigate({ from: '/audit-log' });
  const [draft, setDraft] = useState(search);
  const list = useCursorList(['audit', search], (cursor) =>
    api.get('/admin/v1/audit-log', { query: { limit: 50, cursor, ...search } }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void navigate({ search: draft });
  };
  const set = (k: keyof typeof draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [k]: e.target.value || undefined }));
  return (
    <Page title={t('nav.auditLog')}>
      <Card>
        <form onSubmit={submit} role="search" className="grid grid-cols-1 gap-3 sm:grid-cols-4">
          <TextField
            label={t('audit.action')}
            hint={t('audit.actionHint')}
            value={draft.action ?? ''}
            onChange={set('action')}
          />
          <TextField
            label={t('audit.entityType')}
            value={draft.entity_type ?? ''}
            onChange={set('entity_type')}
          />
          <TextField label={t('audit.entityId')} value={draft.entity_id ?? ''} onChange={set('entity_id')} />
          <div className="flex items-end gap-2">
            <Button type="submit" variant="primary">
              {t('common.filter')}
            </Button>
          </div>
        </form>
      </Card>
      <Card>
        <ErrorMessage error={list.error} />
        {list.isPending ? (
          <Loading />
        ) : list.rows.length === 0 ? (
          <p className="py-6 text-center text-sm text-slate-600">{t('audit.none')}</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {list.rows.map((e) => (
              <li key={e.id} className="py-2">
                <details>
                  <summary className="flex cursor-pointer flex-wrap gap-x-3 text-sm">
                    <span className="font-mono font-medium">{e.action}</span>
                    <span>
                      {e.entity_type} <span className="font-mono text-xs">{e.entity_id}</span>
                    </span>
                    <span className="text-slate-600">
                      {t(`actor.${e.actor.type}`)}
                      {e.actor.id ? ` ${e.actor.id}` : ''}
                    </span>
                    <span className="text-slate-600">
                      <DateTime value={e.created_at} />
                    </span>
                  </summary>
                  <div className="mt-2 grid gap-2 sm:grid-cols-2">
                    <div>
                      <p className="text-xs font-medium text-slate-700">{t('audit.before')}</p>
                      <pre className="max-h-48 overflow-auto rounded bg-slate-100 p-2 text-xs">
                        {JSON.stringify(e.before, null, 2)}
                      </pre>
                    </div>
                    <div>
                      <p className="text-xs font-medium text-slate-700">{t('audit.after')}</p>
                      <pre className="max-h-48 overflow-auto rounded bg-slate-100 p-2 text-xs">
                        {JSON.stringify(e.after, null, 2)}
                      </pre>
                    </div>
                    <p className="text-xs text-slate-600 sm:col-span-2">
                      {e.ip && `IP ${e.ip} · `}
                      {e.request_id}
                    </p>
                  </div>
                </details>
              </li>
            ))}
          </ul>
        )}
        <LoadMore
          hasMore={!!list.hasNextPage}
          loading={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
          label={t('common.loadMore')}
        />
      </Card>
    </Page>
  );
}
