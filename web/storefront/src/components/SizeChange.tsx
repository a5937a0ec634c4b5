import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { productByIdQuery, type ShopperOrder } from '../api.ts';
import { formatMoney, useI18n, type Translate } from '../i18n.ts';
import { ApiError, unwrap, useShop } from '../shop.ts';

/*
 * The shopper changes a size or colour of their order themselves, in the window in which they may
 * cancel it (`cancellable_until`). Only the order page imports this: the product page's bundle
 * stays as it is.
 */

type Line = ShopperOrder['lines'][number];

/** Units of the line neither shipped nor cancelled: what may still be changed. */
const unitsLeft = (l: Line) => l.quantity - l.fulfilled_quantity - l.cancelled_quantity;

/** Whether the order page offers the change beside this line. */
export const canChangeLine = (order: ShopperOrder, l: Line) =>
  !!order.cancellable_until && order.status !== 'cancelled' && !l.gift_card && unitsLeft(l) > 0;

/** A variant as the shopper knows it: "Size L, Colour Red" (or its title, without options). */
function variantName(v: { title: string; option_values: Record<string, string> }): string {
  const parts = Object.entries(v.option_values).map(([name, value]) => `${name} ${value}`);
  return parts.length ? parts.join(', ') : v.title;
}

/** The server's refusal in plain words, in the shopper's language where the reason is known. */
function swapError(err: unknown, t: Translate): string {
  if (!(err instanceof ApiError)) return t('error.generic');
  const code = err.problem.code;
  if (code === 'INSUFFICIENT_STOCK') return t('order.swap_sold_out');
  if (code === 'INVALID_STATE_TRANSITION') return t('order.swap_too_late');
  if (code === 'EDIT_NOT_COVERED') return t('order.swap_not_covered');
  const first = err.problem.errors?.[0];
  if (first) {
    if (/another price/.test(first.message)) return t('order.swap_other_price');
    if (/same product/.test(first.message)) return t('order.swap_other_product');
    if (first.path.endsWith('.quantity')) return t('order.swap_quantity');
    return first.message;
  }
  return err.message || t('error.generic');
}

/**
 * "Change size or colour" beside a line, and the panel it opens: the product's other variants
 * (those at another price than the line's shown, not chosen), how many units, and the change sent.
 */
export function ChangeLine({
  order,
  line,
  token,
  describedBy,
  onChanged,
}: {
  order: ShopperOrder;
  line: Line;
  token: string | undefined;
  /** The id of the line's title, so the button says which item it changes. */
  describedBy: string;
  /** The change is made: the confirmation the page shows. */
  onChanged: (message: string) => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  return (
    <div className="mt-1">
      {open ? null : (
        <button
          ref={buttonRef}
          type="button"
          aria-expanded={false}
          aria-controls={panelId}
          aria-describedby={describedBy}
          onClick={() => setOpen(true)}
          className="min-h-11 py-2 text-sm underline sm:min-h-0 sm:py-0"
        >
          {t('order.swap')}
        </button>
      )}
      {open ? (
        <SwapPanel
          id={panelId}
          order={order}
          line={line}
          token={token}
          onClose={() => {
            setOpen(false);
            // Back to the button the panel was opened with.
            requestAnimationFrame(() => buttonRef.current?.focus());
          }}
          onChanged={(message) => {
            setOpen(false);
            onChanged(message);
          }}
        />
      ) : null}
    </div>
  );
}

function SwapPanel({
  id,
  order,
  line,
  token,
  onClose,
  onChanged,
}: {
  id: string;
  order: ShopperOrder;
  line: Line;
  token: string | undefined;
  onClose: () => void;
  onChanged: (message: string) => void;
}) {
  const { api } = useShop();
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const left = unitsLeft(line);
  // Priced in the order's currency: the same as the line's price, or not.
  const product = useQuery(productByIdQuery(api, line.product_id, locale, order.currency));
  const [variantId, setVariantId] = useState<string | null>(null);
  const [quantity, setQuantity] = useState(1);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const others = (product.data?.variants ?? []).filter((v) => v.id !== line.variant_id);
  const samePrice = (v: (typeof others)[number]) => v.price?.amount === line.unit_price;
  const chosen = others.find((v) => v.id === variantId) ?? null;

  const swap = useMutation({
    mutationFn: () => {
      const body = { swaps: [{ order_line_id: line.id, variant_id: variantId!, quantity }] };
      const path = { orderId: order.id };
      return unwrap(
        token
          ? api.POST('/store/v1/orders/{orderId}/swaps', { params: { path, query: { token } }, body })
          : api.POST('/store/v1/customers/me/orders/{orderId}/swaps', { params: { path }, body }),
      );
    },
    onSuccess: (updated) => {
      // The answer is the order as it is now: the page shows it at once.
      queryClient.setQueriesData({ queryKey: ['order', order.id] }, updated);
      void queryClient.invalidateQueries({ queryKey: ['product-by-id', line.product_id] });
      onChanged(t('order.swap_done', { variant: chosen ? variantName(chosen) : '' }));
    },
  });

  const m = (n: number) => formatMoney(n, order.currency, locale);
  const errorId = `${id}-error`;
  return (
    <section
      id={id}
      aria-labelledby={`${id}-heading`}
      className="mt-2 flex flex-col gap-3 rounded-lg border border-stone-300 bg-stone-50 p-3 text-sm"
    >
      <h3 id={`${id}-heading`} ref={headingRef} tabIndex={-1} className="font-semibold outline-none">
        {t('order.swap_heading', { item: line.title })}
      </h3>
      {product.isPending ? (
        <p>{t('loading')}</p>
      ) : product.isError ? (
        <p role="alert" className="text-red-700">
          {t('order.swap_unavailable')}
        </p>
      ) : others.length === 0 ? (
        <p>{t('order.swap_none')}</p>
      ) : (
        <form
          noValidate
          className="flex flex-col gap-3"
          aria-describedby={swap.error ? errorId : undefined}
          onSubmit={(e) => {
            e.preventDefault();
            if (!variantId) return;
            swap.mutate();
          }}
        >
          <fieldset className="flex flex-col gap-1">
            <legend className="mb-1 font-medium">{t('order.swap_choose')}</legend>
            {others.map((v) => {
              const why = !v.price
                ? t('order.swap_not_sold')
                : !samePrice(v)
                  ? t('order.swap_different_price')
                  : !v.in_stock
                    ? t('product.out_of_stock')
                    : null;
              return (
                <label
                  key={v.id}
                  className={`flex min-h-11 items-center gap-3 rounded-lg border bg-white px-3 py-2 ${
                    why ? 'border-stone-200 text-stone-500' : 'border-stone-300'
                  }`}
                  data-testid="swap-variant"
                >
                  <input
                    type="radio"
                    name={`${id}-variant`}
                    value={v.id}
                    disabled={!!why}
                    checked={variantId === v.id}
                    onChange={() => {
                      setVariantId(v.id);
                      if (swap.error) swap.reset();
                    }}
                    className="h-5 w-5 shrink-0"
                  />
                  <span className="flex flex-1 flex-wrap justify-between gap-x-3">
                    <span className="font-medium">{v.title}</span>
                    <span>{v.price ? m(v.price.amount) : null}</span>
                    <span className={`basis-full text-xs ${why ? 'text-stone-700' : 'text-green-800'}`}>
                      {why ?? t('product.in_stock')}
                    </span>
                  </span>
                </label>
              );
            })}
          </fieldset>
          {left > 1 ? (
            <label className="flex items-center gap-2">
              {t('order.swap_quantity_label', { max: left })}
              <input
                type="number"
                inputMode="numeric"
                min={1}
                max={left}
                value={quantity}
                onChange={(e) => {
                  setQuantity(Math.max(1, Math.min(left, Math.trunc(Number(e.target.value) || 1))));
                  if (swap.error) swap.reset();
                }}
                className="w-20 rounded-lg border border-stone-300 bg-white px-2 py-2"
              />
            </label>
          ) : null}
          <p className="text-stone-700">{t('order.swap_no_charge')}</p>
          {swap.error ? (
            <p id={errorId} role="alert" className="text-red-700">
              {swapError(swap.error, t)}
            </p>
          ) : null}
          <div className="flex flex-wrap items-center gap-2">
            <button
              type="submit"
              disabled={!variantId || swap.isPending}
              className="rounded-lg bg-stone-900 px-4 py-2 font-semibold text-white hover:bg-stone-700 disabled:bg-stone-400"
            >
              {swap.isPending ? t('order.swap_sending') : t('order.swap_submit')}
            </button>
            <button type="button" onClick={onClose} className="px-3 py-2 underline">
              {t('order.swap_close')}
            </button>
          </div>
        </form>
      )}
      {product.isPending || product.isError || others.length === 0 ? (
        <button type="button" onClick={onClose} className="self-start px-3 py-2 underline">
          {t('order.swap_close')}
        </button>
      ) : null}
    </section>
  );
}
