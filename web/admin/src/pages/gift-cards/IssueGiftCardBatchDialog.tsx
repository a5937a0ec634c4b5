import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { saveFile, send, type Body } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18n.tsx';
import { fromDateTimeLocal, parseMoney } from '../../lib/format.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage } from '../../ui/feedback.tsx';
import { TextAreaField, TextField } from '../../ui/form.tsx';
import { giftCardBatchCount, giftCardBatchFilename } from './gift-cards.ts';
import { CardTermsFields, useCardTerms } from './IssueGiftCardDialog.tsx';

type BatchBody = Body<'/admin/v1/gift-cards/batch', 'post'>;

/** What the batch answered: how many cards, and their codes' CSV (kept to save again while open). */
interface IssuedBatch {
  count: number;
  file: Blob;
  filename: string;
}

/**
 * Issue several gift cards of one value at once (at most 500, all or none): how many, the value
 * (a decimal amount in the currency, the store's by default), optionally an expiry and a staff note
 * on every card ("Spring fair"). The API answers with a CSV of every code, handed to the browser
 * as a download: the one time the codes are shown (Carton keeps only their hashes). While the
 * dialog stays open the file can be saved again — once it is closed, the codes are gone.
 */
export function IssueGiftCardBatchDialog({
  storeCurrency,
  onClose,
}: {
  storeCurrency: string;
  onClose: () => void;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const formId = useId();
  const [countText, setCountText] = useState('');
  const terms = useCardTerms(storeCurrency);
  const { value, currency, expiresAt } = terms;
  const [note, setNote] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});

  const issue = useMutation({
    mutationFn: async (body: BatchBody): Promise<IssuedBatch> => {
      const res = await send('POST', '/admin/v1/gift-cards/batch', {
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
      const batch = { count: body.count, file: await res.blob(), filename: giftCardBatchFilename() };
      saveFile(batch.file, batch.filename);
      return batch;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['gift-cards'] }),
  });
  const apiError = isApiError(issue.error) ? issue.error : null;
  const error = (path: string) => local[path] ?? apiError?.fieldErrorWithin(path);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    issue.reset();
    const problems: Record<string, string> = {};
    const count = giftCardBatchCount(countText);
    if (count === null) problems.count = t('giftCards.batchCountInvalid');
    const minor = parseMoney(value, currency);
    if (minor === null || minor <= 0) problems.value = t('giftCards.valueInvalid');
    setLocal(problems);
    if (count === null || minor === null || minor <= 0) return;
    issue.mutate({
      count,
      currency,
      value: minor,
      expires_at: fromDateTimeLocal(expiresAt),
      note: note.trim() || null,
    });
  };

  const issued = issue.data;
  return (
    <Dialog
      open
      onClose={onClose}
      title={t(issued ? 'giftCards.batchIssuedTitle' : 'giftCards.issueBatchTitle')}
      footer={
        issued ? (
          <>
            <Button onClick={() => saveFile(issued.file, issued.filename)}>
              {t('giftCards.saveFileAgain')}
            </Button>
            <Button variant="primary" onClick={onClose}>
              {t('common.done')}
            </Button>
          </>
        ) : (
          <>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" form={formId} variant="primary" busy={issue.isPending}>
              {t('giftCards.issueBatchButton')}
            </Button>
          </>
        )
      }
    >
      {issued ? (
        <>
          <p
            role="status"
            data-testid="gift-card-batch-issued"
            className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
          >
            {issued.count === 1
              ? t('giftCards.batchIssued.one')
              : t('giftCards.batchIssued.other', { n: issued.count })}
          </p>
          <p className="text-sm text-slate-700">{t('giftCards.batchKeepFile')}</p>
        </>
      ) : (
        <form id={formId} onSubmit={submit} className="space-y-4" noValidate>
          <p className="text-sm text-slate-700">{t('giftCards.batchIntro')}</p>
          <TextField
            label={t('giftCards.batchCount')}
            inputMode="numeric"
            autoComplete="off"
            value={countText}
            onChange={(e) => setCountText(e.target.value)}
            hint={t('giftCards.batchCountHint')}
            error={error('count')}
          />
          <CardTermsFields terms={terms} error={error} valueHint={t('giftCards.batchValueHint')} />
          <TextAreaField
            label={t('giftCards.note')}
            rows={2}
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            hint={t('giftCards.batchNoteHint')}
            error={error('note')}
          />
          <ErrorMessage error={issue.error} />
        </form>
      )}
    </Dialog>
  );
}
