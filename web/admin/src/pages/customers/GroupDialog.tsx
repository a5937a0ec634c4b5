import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Answer } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18n.tsx';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { TextField } from '../../ui/form.tsx';

type CustomerGroup = Answer<'/admin/v1/customer-groups', 'get'>['data'][number];

/** Create a customer group, or rename and describe one. */
export function GroupDialog({ group, onClose }: { group: CustomerGroup | null; onClose: () => void }) {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [name, setName] = useState(group?.name ?? '');
  const [description, setDescription] = useState(group?.description ?? '');
  const save = useMutation({
    mutationFn: () => {
      const text = description.trim();
      return group
        ? api.patch('/admin/v1/customer-groups/{groupId}', {
            path: { groupId: group.id },
            body: { name: name.trim(), description: text || null },
          })
        : api.post('/admin/v1/customer-groups', {
            body: { name: name.trim(), ...(text ? { description: text } : {}) },
          });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['customer-groups'] });
      toast(t('groups.savedToast'));
      onClose();
    },
  });
  const err = isApiError(save.error) ? save.error : null;
  return (
    <Dialog
      open
      onClose={onClose}
      title={group ? t('groups.editTitle') : t('groups.new')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="primary" busy={save.isPending} onClick={() => save.mutate()}>
            {t('common.save')}
          </Button>
        </>
      }
    >
      <TextField
        label={t('groups.name')}
        hint={t('groups.nameHint')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={err?.fieldError('name')}
      />
      <TextField
        label={t('groups.description')}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        hint={t('common.optional')}
        error={err?.fieldError('description')}
      />
      <ErrorMessage error={save.error} />
    </Dialog>
  );
}
