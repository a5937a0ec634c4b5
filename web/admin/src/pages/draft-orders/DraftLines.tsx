import { useQuery } from '@tanstack/react-query';
import { useState, type ComponentProps } from 'react';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage } from '../../ui/feedback.tsx';
import { Input, TextField } from '../../ui/form.tsx';
import { Card } from '../../ui/layout.tsx';
import { Table } from '../../ui/table.tsx';
import { moneyInput, parseMoney } from '../../lib/format.ts';
import { Money } from '../../ui/values.tsx';
import { LineProperties } from '../orders/LineProperties.tsx';
import { NoShippingTag } from '../orders/NoShippingTag.tsx';
import { useDebounced } from '../recovery/useDebounced.ts';
import { useDraftChange, type DraftLine, type DraftNotice, type DraftOrder } from './draft.ts';
import { LineDetailsDialog } from './LineDetailsDialog.tsx';

const lineName = (l: DraftLine) => [l.product_title, l.variant_title].filter(Boolean).join(' — ');

/**
 * A number typed as text, saved when the field is left or Enter is pressed (when it changed), and
 * back as it was when unreadable.
 */
function SavedOnLeave({
  current,
  show,
  read,
  onSave,
  ...input
}: {
  current: number;
  show: (n: number) => string;
  read: (text: string) => number | null;
  onSave: (n: number) => void;
} & Omit<ComponentProps<typeof Input>, 'value' | 'onChange' | 'onBlur' | 'onKeyDown'>) {
  const [value, setValue] = useState(show(current));
  const commit = () => {
    const n = read(value);
    if (n === null) setValue(show(current));
    else if (n !== current) onSave(n);
  };
  return (
    <Input
      {...input}
      className="px-2 text-right"
      value={value}
      onChange={(e) => setValue(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          commit();
        }
      }}
    />
  );
}

/** A line's quantity: a whole number, at least 1. */
function LineQuantity({
  line,
  disabled,
  onSave,
}: {
  line: DraftLine;
  disabled: boolean;
  onSave: (quantity: number) => void;
}) {
  const t = useT();
  return (
    <div className="ml-auto w-16">
      <SavedOnLeave
        type="number"
        min={1}
        step={1}
        inputMode="numeric"
        aria-label={t('orders.quantityOf', { item: lineName(line) })}
        disabled={disabled}
        current={line.quantity}
        show={String}
        read={(text) => {
          const n = Number(text);
          return Number.isSafeInteger(n) && n >= 1 ? n : null;
        }}
        onSave={onSave}
      />
    </div>
  );
}

/** A line's unit price as a decimal ("19.99"): an agreed price, which can go back to the catalog's. */
function LinePrice({
  line,
  currency,
  disabled,
  onSave,
}: {
  line: DraftLine;
  currency: string;
  disabled: boolean;
  onSave: (unitPrice: number | null) => void;
}) {
  const t = useT();
  return (
    <div className="ml-auto flex w-28 flex-col items-end gap-1">
      <SavedOnLeave
        inputMode="decimal"
        aria-label={t('drafts.priceOf', { item: lineName(line) })}
        disabled={disabled}
        current={line.unit_price}
        show={(n) => moneyInput(n, currency)}
        read={(text) => parseMoney(text, currency)}
        onSave={onSave}
      />
      {line.price_source.kind === 'staff' && (
        <>
          <span className="text-xs text-slate-600">{t('drafts.agreedPrice')}</span>
          <Button small variant="ghost" disabled={disabled} onClick={() => onSave(null)}>
            {t('drafts.useCatalogPrice')}
          </Button>
        </>
      )}
    </div>
  );
}

/**
 * Find a product of the catalog (title or SKU), then add one of its variants: `onAdd` hears its
 * id and its name as people read it ("Shirt — Size L"). `label` names the search field.
 */
export function VariantPicker({
  onAdd,
  busy,
  label,
}: {
  onAdd: (variantId: string, name: string) => void;
  busy: boolean;
  label?: string;
}) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [productId, setProductId] = useState<string | null>(null);
  const settled = useDebounced(query.trim(), 250);
  const found = useQuery({
    queryKey: ['products', 'draft-search', settled],
    queryFn: () => api.get('/admin/v1/products', { query: { query: settled, status: 'active', limit: 8 } }),
    enabled: settled.length > 0,
    staleTime: 30_000,
  });
  const product = useQuery({
    queryKey: ['product', productId, 'variants'],
    queryFn: () => api.get('/admin/v1/products/{productId}', { path: { productId: productId! } }),
    enabled: !!productId,
  });

  return (
    <div className="mt-4 border-t border-slate-200 pt-4">
      <TextField
        label={label ?? t('drafts.findProduct')}
        hint={t('drafts.findProductHint')}
        type="search"
        autoComplete="off"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setProductId(null);
        }}
      />
      <ErrorMessage error={found.error ?? product.error} className="mt-2" />
      {settled && !productId && (
        <ul className="mt-2 space-y-1" aria-label={t('drafts.productResults')}>
          {found.isPending && <li className="text-sm text-slate-600">{t('common.loading')}</li>}
          {found.data?.data.length === 0 && (
            <li className="text-sm text-slate-600">{t('drafts.noProductFound')}</li>
          )}
          {found.data?.data.map((p) => (
            <li key={p.id}>
              <Button small variant="ghost" className="text-left" onClick={() => setProductId(p.id)}>
                {t('drafts.chooseProduct', { title: p.title })}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {productId && (
        <div className="mt-2">
          {product.isPending ? (
            <p className="text-sm text-slate-600">{t('common.loading')}</p>
          ) : (
            product.data && (
              <>
                <p className="text-sm font-medium text-slate-800">
                  {t('drafts.variantsOf', { title: product.data.title })}
                </p>
                <ul
                  className="mt-1 space-y-1"
                  aria-label={t('drafts.variantsOf', { title: product.data.title })}
                >
                  {product.data.variants.map((v) => (
                    <li key={v.id} className="flex flex-wrap items-center justify-between gap-2 text-sm">
                      <span>
                        {v.title || product.data.title}{' '}
                        <span className="font-mono text-xs text-slate-600">{v.sku}</span>
                      </span>
                      <Button
                        small
                        busy={busy}
                        aria-label={t('drafts.addVariant', {
                          item: [product.data.title, v.title].filter(Boolean).join(' — '),
                          sku: v.sku,
                        })}
                        onClick={() => onAdd(v.id, [product.data.title, v.title].filter(Boolean).join(' — '))}
                      >
                        {t('common.add')}
                      </Button>
                    </li>
                  ))}
                </ul>
                <Button small variant="ghost" className="mt-2" onClick={() => setProductId(null)}>
                  {t('drafts.otherProduct')}
                </Button>
              </>
            )
          )}
        </div>
      )}
    </div>
  );
}

/**
 * The draft's lines: what is in it at what price, and what the customer tells about each item (an
 * engraving, a gift card's recipient); staff add variants, change quantities and details, remove.
 */
export function DraftLinesCard({
  draft,
  editable,
  missing,
  onNotices,
}: {
  draft: DraftOrder;
  editable: boolean;
  missing: string | undefined;
  onNotices: (notices: DraftNotice[]) => void;
}) {
  const t = useT();
  const draftId = draft.id;
  const change = useDraftChange(
    draftId,
    (
      op:
        | { kind: 'add'; variantId: string }
        | { kind: 'set'; lineId: string; quantity: number }
        | { kind: 'price'; lineId: string; unitPrice: number | null }
        | { kind: 'remove'; lineId: string },
    ) => {
      if (op.kind === 'add')
        return api.post('/admin/v1/draft-orders/{draftId}/lines', {
          path: { draftId },
          body: { variant_id: op.variantId, quantity: 1 },
        });
      if (op.kind === 'price')
        return api.put('/admin/v1/draft-orders/{draftId}/lines/{lineId}/price', {
          path: { draftId, lineId: op.lineId },
          body: { unit_price: op.unitPrice },
        });
      if (op.kind === 'set')
        return api.patch('/admin/v1/draft-orders/{draftId}/lines/{lineId}', {
          path: { draftId, lineId: op.lineId },
          body: { quantity: op.quantity },
        });
      return api.delete('/admin/v1/draft-orders/{draftId}/lines/{lineId}', {
        path: { draftId, lineId: op.lineId },
      });
    },
    onNotices,
  );
  const busy = change.isPending;
  // The line whose details (engraving, gift card recipient…) are being edited.
  const [detailsOf, setDetailsOf] = useState<string | null>(null);
  const detailsLine = draft.lines.find((l) => l.id === detailsOf);

  return (
    <Card title={t('orders.lines')}>
      {missing && (
        <p role="alert" className="mb-3 text-sm text-red-800">
          {missing}
        </p>
      )}
      <ErrorMessage error={change.error} className="mb-3" />
      <Table
        caption={t('orders.lines')}
        rows={draft.lines}
        rowKey={(l) => l.id}
        empty={t('drafts.noLines')}
        columns={[
          {
            header: t('orders.item'),
            cell: (l) => (
              <div className="flex items-start gap-3">
                {l.image_url && (
                  <img src={l.image_url} alt="" className="hidden h-10 w-10 rounded object-cover sm:block" />
                )}
                <div>
                  <p className="font-medium">{l.product_title}</p>
                  <p className="text-xs text-slate-600">
                    {[l.variant_title, l.sku].filter(Boolean).join(' · ')}
                  </p>
                  <LineProperties properties={l.properties} />
                  {!l.requires_shipping && (
                    <p className="mt-1">
                      <NoShippingTag giftCard={l.gift_card} />
                    </p>
                  )}
                  {editable && (
                    <Button
                      small
                      variant="ghost"
                      className="mt-1 -ml-2.5"
                      disabled={busy}
                      aria-label={t('lineProperties.detailsOf', { item: lineName(l) })}
                      onClick={() => setDetailsOf(l.id)}
                    >
                      {t('lineProperties.details')}
                    </Button>
                  )}
                </div>
              </div>
            ),
          },
          {
            header: t('orders.unitPrice'),
            cell: (l) =>
              editable ? (
                <LinePrice
                  key={`${l.id}:${l.unit_price}`}
                  line={l}
                  currency={draft.currency}
                  disabled={busy}
                  onSave={(unitPrice) => change.mutate({ kind: 'price', lineId: l.id, unitPrice })}
                />
              ) : (
                <Money amount={l.unit_price} currency={draft.currency} />
              ),
            align: 'right',
            wide: true,
          },
          {
            header: t('orders.quantity'),
            cell: (l) =>
              editable ? (
                <LineQuantity
                  key={`${l.id}:${l.quantity}`}
                  line={l}
                  disabled={busy}
                  onSave={(quantity) => change.mutate({ kind: 'set', lineId: l.id, quantity })}
                />
              ) : (
                l.quantity
              ),
            align: 'right',
          },
          {
            header: t('orders.total'),
            cell: (l) => <Money amount={l.total} currency={draft.currency} />,
            align: 'right',
          },
          ...(editable
            ? [
                {
                  header: <span className="sr-only">{t('common.actions')}</span>,
                  cell: (l: DraftLine) => (
                    <Button
                      small
                      variant="ghost"
                      disabled={busy}
                      aria-label={t('drafts.removeLine', { item: lineName(l) })}
                      onClick={() => change.mutate({ kind: 'remove', lineId: l.id })}
                    >
                      {t('common.remove')}
                    </Button>
                  ),
                  align: 'right' as const,
                },
              ]
            : []),
        ]}
      />
      {editable && (
        <VariantPicker
          busy={busy && change.variables?.kind === 'add'}
          onAdd={(variantId) => change.mutate({ kind: 'add', variantId })}
        />
      )}
      {editable && detailsLine && (
        <LineDetailsDialog
          draftId={draftId}
          line={detailsLine}
          item={lineName(detailsLine)}
          onClose={() => setDetailsOf(null)}
          onNotices={onNotices}
        />
      )}
    </Card>
  );
}
