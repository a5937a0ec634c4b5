import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useId, useState } from 'react';
import { api, download, send, type Answer } from '../../api/client.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatNumber } from '../../lib/format.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage } from '../../ui/feedback.tsx';
import { Card, Facts, Page } from '../../ui/layout.tsx';
import { Table } from '../../ui/table.tsx';

type Job = Answer<'/admin/v1/products/import/{jobId}', 'get'>;

/** Import a Shopify product CSV: upload, then follow the job's progress until it completes, with its row errors. */
export function ProductImportPage() {
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);

  const upload = useMutation({
    mutationFn: async (f: File) => {
      const res = await send('POST', '/admin/v1/products/import', {
        body: f,
        headers: { 'content-type': 'text/csv' },
      });
      return (await res.json()) as Job;
    },
    onSuccess: (job) => {
      queryClient.setQueryData(['import', job.id], job);
      setJobId(job.id);
    },
  });
  const job = useQuery({
    queryKey: ['import', jobId],
    queryFn: () => api.get('/admin/v1/products/import/{jobId}', { path: { jobId: jobId! } }),
    enabled: !!jobId,
    // Polled while it runs (the live feed's progress events refresh it sooner).
    refetchInterval: (q) =>
      q.state.data && ['queued', 'running'].includes(q.state.data.status) ? 1000 : false,
  });
  const finished = job.data && ['completed', 'failed'].includes(job.data.status);
  const errors = useQuery({
    queryKey: ['import', jobId, 'errors'],
    queryFn: () => api.get('/admin/v1/products/import/{jobId}/errors', { path: { jobId: jobId! } }),
    enabled: !!jobId && !!finished && (job.data?.error_count ?? 0) > 0,
  });
  const done = job.data?.status === 'completed';
  useEffect(() => {
    if (done) void queryClient.invalidateQueries({ queryKey: ['products'] });
  }, [done, queryClient]);

  const j = job.data;
  return (
    <Page
      title={t('products.importTitle')}
      back={
        <Link to="/products" className="text-indigo-800 underline">
          ← {t('nav.products')}
        </Link>
      }
    >
      <Card title={t('products.importFile')}>
        <p className="mb-3 text-sm text-slate-700">{t('products.importExplain')}</p>
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (file) upload.mutate(file);
          }}
        >
          <div>
            <label htmlFor={inputId} className="mb-1 block text-sm font-medium text-slate-800">
              {t('products.csvFile')}
            </label>
            <input
              id={inputId}
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              className="block text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm"
            />
          </div>
          <Button type="submit" variant="primary" disabled={!file} busy={upload.isPending}>
            {t('products.startImport')}
          </Button>
        </form>
        <ErrorMessage error={upload.error} className="mt-3" />
      </Card>

      {j && (
        <Card title={t('products.importProgress')} actions={<StatusBadge status={j.status} />}>
          <div className="space-y-4">
            <div>
              <progress
                className="h-3 w-full overflow-hidden rounded [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-indigo-700"
                max={100}
                value={j.percentage}
                aria-label={t('products.importProgress')}
              />
              <p className="mt-1 text-sm text-slate-700" role="status">
                {t('products.rowsProcessed', {
                  done: formatNumber(j.processed_rows, locale),
                  total: formatNumber(j.total_rows, locale),
                  percent: Math.round(j.percentage),
                })}
              </p>
            </div>
            <Facts
              items={[
                [t('products.created'), formatNumber(j.products_created, locale)],
                [t('products.updatedCount'), formatNumber(j.products_updated, locale)],
                [t('products.failed'), formatNumber(j.products_failed, locale)],
                [t('products.rowErrors'), formatNumber(j.error_count, locale)],
              ]}
            />
            {j.failure && <ErrorMessage error={new Error(j.failure)} />}
            {errors.data && errors.data.data.length > 0 && (
              <>
                <Table
                  caption={t('products.rowErrors')}
                  rows={errors.data.data.slice(0, 100)}
                  rowKey={(e) => `${e.row}:${e.column}:${e.message}`}
                  columns={[
                    { header: t('products.row'), cell: (e) => e.row, align: 'right' },
                    { header: t('products.handle'), cell: (e) => e.handle ?? '—' },
                    { header: t('products.column'), cell: (e) => e.column ?? '—', wide: true },
                    { header: t('products.problem'), cell: (e) => e.message },
                  ]}
                />
                <Button
                  onClick={() =>
                    void download(
                      `/admin/v1/products/import/${encodeURIComponent(j.id)}/errors?format=csv`,
                      `import-errors-${j.id}.csv`,
                    )
                  }
                >
                  {t('products.downloadErrors')}
                </Button>
              </>
            )}
          </div>
        </Card>
      )}
    </Page>
  );
}
