import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, buildUrl, download, type Answer, type Body } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import type { MessageKey } from '../../i18n/catalog.ts';
import { hasMessage, useT } from '../../i18n/I18n.tsx';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage } from '../../ui/feedback.tsx';
import { Checkbox, TextField } from '../../ui/form.tsx';

/**
 * The orders list's bulk actions (`POST /admin/v1/orders/bulk`, `GET …/packing-slips.pdf`): the
 * bar shown while orders are ticked, the dialogs that confirm an action, and the report of what
 * became of each order. Each order is its own operation on the server, so a report can say
 * "2 done, 1 skipped, 1 failed" and name the ones not done.
 */

type BulkBody = Body<'/admin/v1/orders/bulk', 'post'>;
type BulkAction = BulkBody['action'];
type BulkView = Answer<'/admin/v1/orders/bulk', 'post'>;

/** The ticked orders: id → display number ("#1001"), in the order they were ticked. */
export type Selection = ReadonlyMap<string, string>;

/** What a bulk action did, with the numbers of the orders it was asked for (the answer has ids only). */
export interface BulkReport {
  view: BulkView;
  numbers: Selection;
}

/** The API's limit on one request. */
const MAX_BULK_ORDERS = 100;

/** "gift, Priority ," → ["gift", "Priority"]; the API lower-cases them. */
const tagsOf = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** A checkbox in a table: a larger target than the box itself, named by `label`. */
export function RowCheckbox({
  label,
  checked,
  indeterminate = false,
  onChange,
}: {
  label: string;
  checked: boolean;
  indeterminate?: boolean;
  onChange: () => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return (
    <label className="-m-2 inline-flex cursor-pointer p-2">
      <input
        ref={ref}
        type="checkbox"
        aria-label={label}
        checked={checked}
        onChange={onChange}
        className="h-4 w-4 cursor-pointer rounded border-slate-400 accent-indigo-700"
      />
    </label>
  );
}

/**
 * The bar above the list while orders are ticked: how many, the actions the member may take
 * (fulfil, tag and untag need `orders.manage`; capture also `payments.manage`), printing their
 * packing slips in one PDF, and clearing the selection. Buttons wrap, so it fits a phone.
 */
export function BulkActionBar({
  selection,
  canManage,
  canCapture,
  onClear,
  onDone,
}: {
  selection: Selection;
  canManage: boolean;
  canCapture: boolean;
  onClear: () => void;
  onDone: (report: BulkReport) => void;
}) {
  const t = useT();
  const [dialog, setDialog] = useState<BulkAction | null>(null);
  const count = selection.size;
  const tooMany = count > MAX_BULK_ORDERS;
  const print = useMutation({
    mutationFn: () =>
      download(
        buildUrl('/admin/v1/orders/packing-slips.pdf', undefined, { ids: [...selection.keys()] }),
        `packing-slips-${new Date().toISOString().slice(0, 10)}.pdf`,
      ),
  });
  const open = (action: BulkAction) => {
    print.reset();
    setDialog(action);
  };

  return (
    <div
      role="region"
      aria-label={t('orders.bulk.label')}
      className="sticky top-0 z-10 -mx-4 -mt-4 mb-4 space-y-2 rounded-t-lg border-b border-indigo-200 bg-indigo-50 px-4 py-3"
    >
      <div className="flex flex-wrap items-center gap-2">
        <p className="mr-auto text-sm font-medium text-indigo-950" aria-live="polite">
          {count === 1 ? t('orders.bulk.selected.one') : t('orders.bulk.selected.other', { n: count })}
        </p>
        {canManage && (
          <Button small variant="primary" disabled={tooMany} onClick={() => open('fulfil')}>
            {t('orders.bulk.fulfil')}
          </Button>
        )}
        {canCapture && (
          <Button small disabled={tooMany} onClick={() => open('capture')}>
            {t('orders.bulk.capture')}
          </Button>
        )}
        {canManage && (
          <>
            <Button small disabled={tooMany} onClick={() => open('add_tags')}>
              {t('orders.bulk.addTag')}
            </Button>
            <Button small disabled={tooMany} onClick={() => open('remove_tags')}>
              {t('orders.bulk.removeTag')}
            </Button>
          </>
        )}
        <Button small disabled={tooMany} busy={print.isPending} onClick={() => print.mutate()}>
          {t('orders.bulk.print')}
        </Button>
        <Button small variant="ghost" onClick={onClear}>
          {t('orders.bulk.clear')}
        </Button>
      </div>
      {tooMany && (
        <p role="alert" className="text-sm text-red-800">
          {t('orders.bulk.tooMany', { max: MAX_BULK_ORDERS })}
        </p>
      )}
      <ErrorMessage error={print.error} />
      {dialog && (
        <BulkDialog
          action={dialog}
          selection={selection}
          onClose={() => setDialog(null)}
          onDone={(report) => {
            setDialog(null);
            onDone(report);
          }}
        />
      )}
    </div>
  );
}

const TITLES: Record<BulkAction, MessageKey> = {
  fulfil: 'orders.bulk.fulfilTitle',
  capture: 'orders.bulk.captureTitle',
  add_tags: 'orders.bulk.addTagTitle',
  remove_tags: 'orders.bulk.removeTagTitle',
};

/** Confirms one action on the ticked orders, with what it needs (carrier and notice, or tags). */
function BulkDialog({
  action,
  selection,
  onClose,
  onDone,
}: {
  action: BulkAction;
  selection: Selection;
  onClose: () => void;
  onDone: (report: BulkReport) => void;
}) {
  const t = useT();
  const formId = useId();
  const queryClient = useQueryClient();
  const [carrier, setCarrier] = useState('');
  const [notify, setNotify] = useState(true);
  const [tags, setTags] = useState('');
  const [tagError, setTagError] = useState<string | undefined>();
  const run = useMutation({
    mutationFn: (body: BulkBody) => api.post('/admin/v1/orders/bulk', { body }),
    onSuccess: async (view) => {
      const numbers = new Map(selection);
      // The list shows what became of them before the report does.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['orders'] }),
        queryClient.invalidateQueries({ queryKey: ['order'] }),
        queryClient.invalidateQueries({ queryKey: ['reports'] }),
        queryClient.invalidateQueries({ queryKey: ['customer-orders'] }),
      ]);
      onDone({ view, numbers });
    },
  });
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const order_ids = [...selection.keys()];
    if (action === 'fulfil') {
      run.mutate({
        action,
        order_ids,
        notify_customer: notify,
        ...(carrier.trim() ? { carrier: carrier.trim() } : {}),
      });
    } else if (action === 'capture') {
      run.mutate({ action, order_ids });
    } else {
      const list = tagsOf(tags);
      setTagError(list.length ? undefined : t('orders.bulk.tagRequired'));
      if (list.length) run.mutate({ action, order_ids, tags: list });
    }
  };
  const err = isApiError(run.error) ? run.error : null;
  const title = t(TITLES[action]);
  const confirm =
    action === 'fulfil'
      ? t('orders.bulk.fulfil')
      : action === 'capture'
        ? t('orders.bulk.capture')
        : action === 'add_tags'
          ? t('orders.bulk.addTag')
          : t('orders.bulk.removeTag');
  const count = selection.size;

  return (
    <Dialog
      open
      onClose={onClose}
      title={title}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" form={formId} variant="primary" busy={run.isPending}>
            {confirm}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-4" noValidate>
        <p className="text-sm font-medium text-slate-900">
          {count === 1 ? t('orders.bulk.selected.one') : t('orders.bulk.selected.other', { n: count })}
        </p>
        {action === 'fulfil' && (
          <>
            <p className="text-sm text-slate-700">{t('orders.bulk.fulfilExplain')}</p>
            <TextField
              label={t('orders.carrier')}
              hint={t('orders.bulk.carrierHint')}
              value={carrier}
              maxLength={100}
              onChange={(e) => setCarrier(e.target.value)}
              error={err?.fieldErrorWithin('carrier')}
            />
            <Checkbox
              label={t('orders.bulk.notify')}
              checked={notify}
              onChange={(e) => setNotify(e.target.checked)}
            />
          </>
        )}
        {action === 'capture' && <p className="text-sm text-slate-700">{t('orders.bulk.captureExplain')}</p>}
        {(action === 'add_tags' || action === 'remove_tags') && (
          <TextField
            label={t('orders.bulk.tagLabel')}
            hint={t('orders.bulk.tagHint')}
            value={tags}
            maxLength={200}
            autoFocus
            onChange={(e) => setTags(e.target.value)}
            error={tagError ?? err?.fieldErrorWithin('tags')}
          />
        )}
        {!err?.errors.length && <ErrorMessage error={run.error} />}
      </form>
    </Dialog>
  );
}

/**
 * What became of a bulk action: "N done, N skipped, N failed", then each order not done (its
 * number, what went wrong) and, folded, the ones skipped because they needed nothing.
 */
export function BulkReportPanel({
  report,
  onDismiss,
  className = '',
}: {
  report: BulkReport;
  onDismiss: () => void;
  className?: string;
}) {
  const t = useT();
  const { view, numbers } = report;
  const failed = view.results.filter((r) => r.outcome === 'failed');
  const skipped = view.results.filter((r) => r.outcome === 'skipped');
  const numberOf = (id: string) => numbers.get(id) ?? id;
  const problem = (code: string | null, message: string | null) => {
    const key = `error.code.${code ?? ''}`;
    const title = code && hasMessage(key) ? t(key) : null;
    return [title, message].filter(Boolean).join(' ');
  };
  return (
    <div
      data-testid="bulk-report"
      className={`rounded-md border p-3 text-sm ${className} ${
        view.failed > 0
          ? 'border-amber-300 bg-amber-50 text-amber-950'
          : 'border-emerald-300 bg-emerald-50 text-emerald-950'
      }`}
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <p className="font-medium">
          {t('orders.bulk.summary', {
            action: t(`orders.bulk.action.${view.action}`),
            done: view.done,
            skipped: view.skipped,
            failed: view.failed,
          })}
        </p>
        <Button small variant="ghost" onClick={onDismiss}>
          {t('orders.bulk.dismiss')}
        </Button>
      </div>
      {failed.length > 0 && (
        <div className="mt-2">
          <p className="font-medium">{t('orders.bulk.failedList')}</p>
          <ul className="mt-1 list-disc space-y-0.5 pl-5">
            {failed.map((r) => (
              <li key={r.order_id}>
                <span className="font-medium">{numberOf(r.order_id)}</span>: {problem(r.code, r.message)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {skipped.length > 0 && (
        <details className="mt-2">
          <summary className="cursor-pointer">
            {t('orders.bulk.skippedList')} ({skipped.length})
          </summary>
          <ul className="mt-1 list-disc space-y-0.5 pl-5">
            {skipped.map((r) => (
              <li key={r.order_id}>
                <span className="font-medium">{numberOf(r.order_id)}</span>: {r.message}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
