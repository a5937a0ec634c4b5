import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useMe } from '../../lib/me.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { TextAreaField } from '../../ui/form.tsx';
import { Card } from '../../ui/layout.tsx';
import { DateTime } from '../../ui/values.tsx';

/** Staff's internal notes on an order (never shown to the shopper): write one, read them, delete one. */
export function OrderNotesCard({ orderId, canManage }: { orderId: string; canManage: boolean }) {
  const t = useT();
  const toast = useToast();
  const me = useMe();
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const key = ['order', orderId, 'notes'];
  const notes = useQuery({
    queryKey: key,
    queryFn: () => api.get('/admin/v1/orders/{orderId}/notes', { path: { orderId } }),
  });
  const add = useMutation({
    mutationFn: () => api.post('/admin/v1/orders/{orderId}/notes', { path: { orderId }, body: { body } }),
    onSuccess: async () => {
      setBody('');
      toast(t('orders.noteAdded'));
      await queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const remove = useMutation({
    mutationFn: (noteId: string) =>
      api.delete('/admin/v1/orders/{orderId}/notes/{noteId}', { path: { orderId, noteId } }),
    onSuccess: async () => {
      toast(t('orders.noteDeleted'));
      await queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const rows = notes.data?.data ?? [];
  const err = isApiError(add.error) ? add.error : null;
  const myId = me.data?.user?.id;
  return (
    <Card title={t('orders.notes')}>
      <ErrorMessage error={notes.error ?? remove.error} className="mb-3" />
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">{t('orders.noNotes')}</p>
      ) : (
        <ul className="space-y-3 text-sm">
          {rows.map((n) => (
            <li key={n.id} className="border-l-2 border-amber-300 pl-3">
              <p className="break-words whitespace-pre-line">{n.body}</p>
              <p className="mt-1 flex flex-wrap items-center gap-x-2 text-slate-600">
                <DateTime value={n.created_at} />
                <span>
                  {n.author.type === 'staff' && n.author.id === myId
                    ? t('orders.noteByYou')
                    : t(`actor.${n.author.type}` as 'actor.staff')}
                </span>
                {canManage && (
                  <Button
                    small
                    variant="ghost"
                    busy={remove.isPending && remove.variables === n.id}
                    onClick={() => remove.mutate(n.id)}
                  >
                    {t('common.delete')}
                  </Button>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      {canManage && (
        <form
          className="mt-4 space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (body.trim()) add.mutate();
          }}
        >
          <TextAreaField
            label={t('orders.newNote')}
            hint={t('orders.noteHint')}
            rows={3}
            maxLength={2000}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            error={err?.fieldError('body')}
          />
          <Button type="submit" disabled={!body.trim()} busy={add.isPending}>
            {t('orders.addNote')}
          </Button>
        </form>
      )}
    </Card>
  );
}
