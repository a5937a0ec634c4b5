import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCan } from '../../lib/me.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { TextAreaField, TextField } from '../../ui/form.tsx';
import { useDraftChange, type DraftLine, type DraftNotice } from './draft.ts';
import {
  askedFieldOf,
  detailRow,
  GIFT_CARD_NAMES,
  MAX_DETAILS,
  MAX_NAME,
  MAX_TEXT,
  propertiesOf,
  propertyError,
  rowProblems,
  rowsOf,
  type DetailRow,
} from './line-details.ts';

/**
 * What the customer tells about one line of a draft — an engraving, a gift wrap note, a gift card's
 * recipient — as name/text rows, saved together (`PATCH …/lines/{lineId}` replaces them). A row the
 * API refuses (a gift card's "Recipient email" that is no address) says why beside it. When the
 * product asks the shopper for something (an engraving), its fields come as rows, each saying whether
 * it is required and how long it may be.
 */
export function LineDetailsDialog({
  draftId,
  line,
  item,
  onClose,
  onNotices,
}: {
  draftId: string;
  line: DraftLine;
  /** The line as staff know it ("Linen Shirt — M"). */
  item: string;
  onClose: () => void;
  onNotices: (notices: DraftNotice[]) => void;
}) {
  const t = useT();
  const toast = useToast();
  const ids = useId();
  const can = useCan();
  const [rows, setRows] = useState<DetailRow[]>(() => rowsOf(line.properties));
  const [checked, setChecked] = useState(false);
  // What the product asks the shopper to fill in: its fields become rows, unless staff began typing.
  const product = useQuery({
    queryKey: ['product', line.product_id, 'personalization'],
    queryFn: () => api.get('/admin/v1/products/{productId}', { path: { productId: line.product_id } }),
    enabled: can('catalog.read'),
    staleTime: 30_000,
  });
  const asked = product.data?.personalization;
  const [touched, setTouched] = useState(false);
  const [prefilled, setPrefilled] = useState(false);
  if (asked && !prefilled) {
    setPrefilled(true);
    if (!touched && asked.length) setRows(rowsOf(line.properties, asked));
  }
  const change = (next: (all: DetailRow[]) => DetailRow[]) => {
    setTouched(true);
    setRows(next);
  };
  const save = useDraftChange<void>(
    draftId,
    () =>
      api.patch('/admin/v1/draft-orders/{draftId}/lines/{lineId}', {
        path: { draftId, lineId: line.id },
        body: { properties: propertiesOf(rows) },
      }),
    onNotices,
    () => {
      toast(t('lineProperties.savedToast'));
      onClose();
    },
  );
  const problems = rowProblems(rows);
  const edit = (key: number, patch: Partial<DetailRow>) =>
    change((all) => all.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  // The API's refusal shows beside the rows it names; only what names no row shows as a whole.
  const besideRows = rows.some((r) => propertyError(save.error, r.name));
  const suggestions = `${ids}-names`;

  return (
    <Dialog
      open
      onClose={onClose}
      title={t('lineProperties.detailsOf', { item })}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            variant="primary"
            busy={save.isPending}
            onClick={() => {
              setChecked(true);
              if (problems.every((p) => p === null)) save.mutate();
            }}
          >
            {t('common.save')}
          </Button>
        </>
      }
    >
      <p className="text-sm text-slate-700">{t('lineProperties.explain')}</p>
      {line.gift_card && (
        <>
          <p className="text-sm text-slate-700">{t('lineProperties.giftCardExplain')}</p>
          <datalist id={suggestions}>
            {GIFT_CARD_NAMES.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </>
      )}
      {rows.length === 0 && <p className="text-sm text-slate-600">{t('lineProperties.none')}</p>}
      {rows.map((r, i) => {
        const problem = checked ? problems[i] : null;
        const field = askedFieldOf(asked, r.name);
        return (
          <fieldset key={r.key} className="min-w-0 rounded-md border border-slate-200 px-3 pt-1 pb-3">
            <legend className="px-1 text-xs font-medium text-slate-700">
              {t('lineProperties.row', { n: i + 1 })}
            </legend>
            <div className="grid gap-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
              <TextField
                label={t('lineProperties.name')}
                value={r.name}
                maxLength={MAX_NAME}
                autoComplete="off"
                list={line.gift_card ? suggestions : undefined}
                error={problem ? t(problem) : undefined}
                onChange={(e) => edit(r.key, { name: e.target.value })}
              />
              <TextAreaField
                label={t('lineProperties.text')}
                rows={2}
                value={r.text}
                maxLength={field ? Math.min(field.max_length, MAX_TEXT) : MAX_TEXT}
                hint={
                  field &&
                  t(field.required ? 'personalization.askedRequired' : 'personalization.askedOptional', {
                    n: field.max_length,
                  })
                }
                error={propertyError(save.error, r.name)}
                onChange={(e) => edit(r.key, { text: e.target.value })}
              />
            </div>
            <div className="mt-2 flex justify-end">
              <Button
                small
                variant="ghost"
                aria-label={t('lineProperties.remove', { n: i + 1 })}
                onClick={() => change((all) => all.filter((o) => o.key !== r.key))}
              >
                {t('common.remove')}
              </Button>
            </div>
          </fieldset>
        );
      })}
      <div className="flex flex-wrap items-center gap-2">
        <Button
          small
          disabled={rows.length >= MAX_DETAILS}
          onClick={() => change((all) => [...all, detailRow()])}
        >
          {t('lineProperties.add')}
        </Button>
        {rows.length >= MAX_DETAILS && (
          <span className="text-xs text-slate-600">{t('lineProperties.atMost', { n: MAX_DETAILS })}</span>
        )}
      </div>
      {besideRows ? (
        <p role="alert" className="text-sm text-red-800">
          {t('error.code.VALIDATION_FAILED')}
        </p>
      ) : (
        <ErrorMessage error={save.error} />
      )}
    </Dialog>
  );
}
