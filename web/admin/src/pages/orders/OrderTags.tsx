import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18n.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { TextField } from '../../ui/form.tsx';

/** An order's tags (staff only), and for those who may change them a comma-separated field. */
export function OrderTags({
  orderId,
  tags,
  canManage,
}: {
  orderId: string;
  tags: string[];
  canManage: boolean;
}) {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [text, setText] = useState(tags.join(', '));
  const save = useMutation({
    mutationFn: () =>
      api.put('/admin/v1/orders/{orderId}/tags', {
        path: { orderId },
        body: {
          tags: text
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        },
      }),
    onSuccess: async (saved) => {
      setText(saved.tags.join(', '));
      toast(t('orders.tagsSaved'));
      await queryClient.invalidateQueries({ queryKey: ['order', orderId] });
    },
  });
  const err = isApiError(save.error) ? save.error : null;
  return (
    <div className="space-y-2">
      {tags.length > 0 && (
        <ul className="flex flex-wrap gap-1" aria-label={t('orders.tags')}>
          {tags.map((tag) => (
            <li key={tag} className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-800">
              {tag}
            </li>
          ))}
        </ul>
      )}
      {canManage && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <TextField
            className="min-w-40 flex-1"
            label={t('orders.tags')}
            hint={t('orders.tagsHint')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            error={err?.fieldErrorWithin('tags')}
          />
          <Button type="submit" busy={save.isPending}>
            {t('orders.saveTags')}
          </Button>
        </form>
      )}
      {!canManage && tags.length === 0 && <p className="text-sm text-slate-600">—</p>}
      {!err?.errors.length && <ErrorMessage error={save.error} />}
    </div>
  );
}
