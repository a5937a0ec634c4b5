import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { send, type Answer } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatNumber } from '../../lib/format.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage } from '../../ui/feedback.tsx';

type ImportView = Answer<'/admin/v1/customers/import', 'post'>;

/** What the server reads at most (`POST /admin/v1/customers/import`). */
const MAX_ROWS = 1000;
const MAX_BYTES = 5 * 1024 * 1024;

/** A file refused before it is sent (too large for the server to read). */
class TooLarge extends Error {}

/**
 * Add customers from a CSV file — Carton's own export or Shopify's customer export, as they are.
 * The file's text is the request's body (`text/csv`); the server adds each row in turn (a
 * thousand take some seconds, shown as a progress bar), skips the e-mails it knows and e-mails
 * nobody. Then: "N created, N skipped, N failed" and each row not created, by its row number in
 * the spreadsheet. A file the server refuses as a whole (no Email column, too many rows) says why.
 */
export function ImportCustomersDialog({ onClose }: { onClose: () => void }) {
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const formId = useId();
  const inputId = useId();
  const hintId = useId();
  const [file, setFile] = useState<File | null>(null);
  // The file input is remounted to be emptied ("Import another file").
  const [inputKey, setInputKey] = useState(0);

  const run = useMutation({
    mutationFn: async (f: File): Promise<ImportView> => {
      if (f.size > MAX_BYTES) throw new TooLarge();
      // As text: a leading BOM (spreadsheets add one) is dropped, and it goes as UTF-8.
      const res = await send('POST', '/admin/v1/customers/import', {
        body: await f.text(),
        headers: { 'content-type': 'text/csv' },
      });
      return (await res.json()) as ImportView;
    },
    onSuccess: (view) => {
      if (view.created > 0) void queryClient.invalidateQueries({ queryKey: ['customers'] });
    },
  });
  const result = run.data;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) run.mutate(file);
  };
  const again = () => {
    run.reset();
    setFile(null);
    setInputKey((k) => k + 1);
  };
  const n = (value: number) => formatNumber(value, locale);

  return (
    <Dialog
      open
      onClose={onClose}
      title={t('customers.import.title')}
      footer={
        result ? (
          <>
            <Button onClick={again}>{t('customers.import.another')}</Button>
            <Button variant="primary" onClick={onClose}>
              {t('common.done')}
            </Button>
          </>
        ) : (
          <>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" form={formId} variant="primary" disabled={!file} busy={run.isPending}>
              {t('customers.import.start')}
            </Button>
          </>
        )
      }
    >
      {!result && (
        <form id={formId} onSubmit={submit} className="space-y-4">
          <div id={hintId} className="space-y-2 text-sm text-slate-700">
            <p>{t('customers.import.explain')}</p>
            <p>{t('customers.import.columns')}</p>
            <ul className="list-disc space-y-1 pl-5">
              <li>{t('customers.import.ruleSkipped')}</li>
              <li>{t('customers.import.ruleNoEmail')}</li>
              <li>{t('customers.import.ruleMax', { max: n(MAX_ROWS) })}</li>
            </ul>
          </div>
          <div>
            <label htmlFor={inputId} className="mb-1 block text-sm font-medium text-slate-800">
              {t('customers.import.file')}
            </label>
            <input
              key={inputKey}
              id={inputId}
              type="file"
              accept=".csv,text/csv"
              aria-describedby={hintId}
              disabled={run.isPending}
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                run.reset();
              }}
              className="block w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm"
            />
          </div>
          {run.isPending && file && (
            <div>
              <progress
                className="h-3 w-full overflow-hidden rounded [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-indigo-700"
                aria-label={t('customers.import.progress')}
              />
              <p role="status" className="mt-1 text-sm text-slate-700">
                {t('customers.import.running', { file: file.name })}
              </p>
            </div>
          )}
          <ImportError error={run.error} />
        </form>
      )}
      {result && <ImportResult result={result} />}
    </Dialog>
  );
}

/** A refused file: too large before sending, or the server's 400 detail (no Email column, too many rows). */
function ImportError({ error }: { error: unknown }) {
  const t = useI18n().t;
  if (!error) return null;
  const detail =
    error instanceof TooLarge
      ? t('customers.import.tooLarge')
      : isApiError(error) && error.status === 400
        ? error.detail
        : null;
  if (detail === null) return <ErrorMessage error={error} />;
  return (
    <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
      <p className="font-medium">{t('customers.import.refused')}</p>
      <p className="mt-1">{detail}</p>
    </div>
  );
}

const TH = 'px-3 py-2 text-left font-medium whitespace-nowrap text-slate-700';
const TD = 'px-3 py-2 align-top text-slate-900';

/** "N created, N skipped, N failed" and the rows not created (a table that scrolls sideways on a phone). */
function ImportResult({ result }: { result: ImportView }) {
  const { t, locale } = useI18n();
  const n = (value: number) => formatNumber(value, locale);
  const notCreated = result.skipped + result.failed;
  const headingId = useId();
  return (
    <div className="space-y-3" data-testid="customer-import-result">
      <div
        role="status"
        className={`rounded-md border p-3 text-sm ${
          result.failed > 0
            ? 'border-amber-300 bg-amber-50 text-amber-950'
            : 'border-emerald-300 bg-emerald-50 text-emerald-950'
        }`}
      >
        <p className="font-medium">
          {t('customers.import.summary', {
            created: n(result.created),
            skipped: n(result.skipped),
            failed: n(result.failed),
          })}
        </p>
        <p className="mt-1">{t('customers.import.rowsRead', { rows: n(result.rows) })}</p>
      </div>
      {result.problems.length > 0 && (
        <>
          <h3 id={headingId} className="text-sm font-semibold text-slate-900">
            {t('customers.import.problems')}
          </h3>
          {/* Scrolls sideways on a phone: focusable, so a keyboard scrolls it too. */}
          <div
            role="region"
            aria-labelledby={headingId}
            tabIndex={0}
            className="overflow-x-auto rounded focus-visible:outline-2 focus-visible:outline-indigo-700"
          >
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <thead>
                <tr>
                  <th scope="col" className={`${TH} text-right`}>
                    {t('customers.import.row')}
                  </th>
                  <th scope="col" className={TH}>
                    {t('customers.email')}
                  </th>
                  <th scope="col" className={TH}>
                    {t('customers.import.outcome')}
                  </th>
                  <th scope="col" className={TH}>
                    {t('customers.import.message')}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {result.problems.map((p) => (
                  <tr key={`${p.row}:${p.outcome}:${p.message}`}>
                    <td className={`${TD} text-right whitespace-nowrap`}>{n(p.row)}</td>
                    <td className={`${TD} min-w-40 break-all`}>{p.email ?? '—'}</td>
                    <td className={TD}>
                      <StatusBadge
                        status={p.outcome}
                        label={
                          p.outcome === 'skipped'
                            ? t('customers.import.outcome.skipped')
                            : t('customers.import.outcome.failed')
                        }
                      />
                    </td>
                    <td className={`${TD} min-w-48`}>{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {result.problems.length < notCreated && (
            <p className="text-sm text-slate-700">
              {t('customers.import.problemsCut', {
                shown: n(result.problems.length),
                total: n(notCreated),
              })}
            </p>
          )}
        </>
      )}
    </div>
  );
}
