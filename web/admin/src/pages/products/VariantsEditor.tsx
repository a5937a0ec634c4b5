import { Link } from '@tanstack/react-router';
import type { ApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18n.tsx';
import { Button } from '../../ui/Button.tsx';
import { SelectField, TextField } from '../../ui/form.tsx';
import { Card } from '../../ui/layout.tsx';
import {
  combinations,
  emptyVariant,
  newKey,
  optionsOf,
  splitList,
  suggestSku,
  type OptionDraft,
  type ProductDraft,
  type VariantDraft,
} from './draft.ts';

interface Props {
  draft: ProductDraft;
  onChange: (d: ProductDraft) => void;
  currency: string;
  isNew: boolean;
  error: ApiError | null;
  /** Client-side problems per variant key and field (missing SKU, unreadable price). */
  problems: Record<string, Record<string, string>>;
  /** Stock of saved variants, summed over locations. */
  stock?: Record<string, { available: number; onHand: number }>;
  productId?: string;
}

/**
 * Options (Size: S, M, L) and the variants made of them, each with SKU, price and stock; their weight
 * only for a product that ships.
 */
export function VariantsEditor({
  draft,
  onChange,
  currency,
  isNew,
  error,
  problems,
  stock,
  productId,
}: Props) {
  const t = useT();
  const options = optionsOf(draft);
  const setOptions = (next: OptionDraft[]) => onChange({ ...draft, options: next });
  const setVariant = (key: string, patch: Partial<VariantDraft>) =>
    onChange({ ...draft, variants: draft.variants.map((v) => (v.key === key ? { ...v, ...patch } : v)) });

  const generate = () => {
    const base = draft.handle.trim() || draft.title.trim() || 'sku';
    const combos = combinations(options);
    const kept = draft.variants;
    const same = (a: Record<string, string>, b: Record<string, string>) =>
      options.every((o) => a[o.name] === b[o.name]);
    onChange({
      ...draft,
      variants: combos.map(
        (combo) =>
          kept.find((v) => same(v.optionValues, combo)) ?? {
            ...emptyVariant(),
            optionValues: combo,
            sku: suggestSku(base, Object.values(combo)),
            price: kept[0]?.price ?? '',
          },
      ),
    });
  };

  return (
    <>
      <Card
        title={t('products.options')}
        actions={
          <Button
            small
            onClick={() => setOptions([...draft.options, { key: newKey(), name: '', values: '' }])}
          >
            {t('products.addOption')}
          </Button>
        }
      >
        {draft.options.length === 0 ? (
          <p className="text-sm text-slate-600">{t('products.noOptions')}</p>
        ) : (
          <div className="space-y-3">
            {draft.options.map((o, i) => (
              <div key={o.key} className="grid grid-cols-1 gap-2 sm:grid-cols-[12rem_1fr_auto]">
                <TextField
                  label={t('products.optionName')}
                  placeholder={t('products.optionNameExample')}
                  value={o.name}
                  error={error?.fieldError(`options.${i}.name`)}
                  onChange={(e) =>
                    setOptions(
                      draft.options.map((x) => (x.key === o.key ? { ...x, name: e.target.value } : x)),
                    )
                  }
                />
                <TextField
                  label={t('products.optionValues')}
                  placeholder={t('products.optionValuesExample')}
                  hint={t('products.commaSeparated')}
                  value={o.values}
                  error={error?.fieldError(`options.${i}.values`)}
                  onChange={(e) =>
                    setOptions(
                      draft.options.map((x) => (x.key === o.key ? { ...x, values: e.target.value } : x)),
                    )
                  }
                />
                <div className="flex items-end pb-5">
                  <Button
                    small
                    variant="ghost"
                    onClick={() => setOptions(draft.options.filter((x) => x.key !== o.key))}
                  >
                    {t('common.remove')}
                  </Button>
                </div>
              </div>
            ))}
            <Button small onClick={generate} disabled={options.some((o) => o.values.length === 0)}>
              {t('products.generateVariants')}
            </Button>
          </div>
        )}
      </Card>

      <Card
        title={t('products.variants')}
        actions={
          (options.length > 0 || draft.variants.length === 0) && (
            <Button
              small
              onClick={() => onChange({ ...draft, variants: [...draft.variants, emptyVariant()] })}
            >
              {t('products.addVariant')}
            </Button>
          )
        }
      >
        <div className="space-y-4">
          {draft.variants.length === 0 && (
            <p className="text-sm text-slate-600">{t('products.noVariants')}</p>
          )}
          {draft.variants.map((v, i) => {
            const p = problems[v.key] ?? {};
            const fe = (f: string) => p[f] ?? error?.fieldError(`variants.${i}.${f}`);
            const name =
              options
                .map((o) => v.optionValues[o.name])
                .filter(Boolean)
                .join(' / ') || t('products.defaultVariant');
            return (
              <fieldset key={v.key} className="rounded-md border border-slate-200 p-3">
                <legend className="px-1 text-sm font-semibold text-slate-800">{name}</legend>
                <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
                  {options.map((o) => (
                    <SelectField
                      key={o.name}
                      label={o.name}
                      value={v.optionValues[o.name] ?? ''}
                      onChange={(e) =>
                        setVariant(v.key, { optionValues: { ...v.optionValues, [o.name]: e.target.value } })
                      }
                    >
                      <option value="">—</option>
                      {splitList(draft.options.find((x) => x.name.trim() === o.name)?.values ?? '').map(
                        (value) => (
                          <option key={value} value={value}>
                            {value}
                          </option>
                        ),
                      )}
                    </SelectField>
                  ))}
                  <TextField
                    label={t('products.sku')}
                    value={v.sku}
                    error={fe('sku')}
                    onChange={(e) => setVariant(v.key, { sku: e.target.value })}
                  />
                  <TextField
                    label={t('products.price', { currency })}
                    inputMode="decimal"
                    value={v.price}
                    error={p.price}
                    onChange={(e) => setVariant(v.key, { price: e.target.value })}
                  />
                  <TextField
                    label={t('products.compareAt', { currency })}
                    inputMode="decimal"
                    value={v.compareAt}
                    error={p.compareAt}
                    onChange={(e) => setVariant(v.key, { compareAt: e.target.value })}
                  />
                  {isNew || !v.id ? (
                    <TextField
                      label={t('products.initialStock')}
                      inputMode="numeric"
                      value={v.stock}
                      error={p.stock}
                      onChange={(e) => setVariant(v.key, { stock: e.target.value })}
                    />
                  ) : null}
                  <TextField
                    label={t('products.barcode')}
                    value={v.barcode}
                    error={fe('barcode')}
                    onChange={(e) => setVariant(v.key, { barcode: e.target.value })}
                  />
                  {/* Weight only prices shipping: a product that ships nothing has no use for it. */}
                  {draft.requiresShipping && (
                    <TextField
                      label={t('products.weight')}
                      inputMode="numeric"
                      value={v.weightGrams}
                      error={fe('weight_grams')}
                      onChange={(e) => setVariant(v.key, { weightGrams: e.target.value })}
                    />
                  )}
                  <SelectField
                    label={t('products.backorders')}
                    value={v.backorderPolicy}
                    onChange={(e) =>
                      setVariant(v.key, { backorderPolicy: e.target.value as 'deny' | 'allow' })
                    }
                  >
                    <option value="deny">{t('products.backorders.deny')}</option>
                    <option value="allow">{t('products.backorders.allow')}</option>
                  </SelectField>
                </div>
                {v.id && stock && (
                  <p className="mt-2 text-sm text-slate-700">
                    {t('products.stockNow', {
                      available: stock[v.id]?.available ?? 0,
                      onHand: stock[v.id]?.onHand ?? 0,
                    })}{' '}
                    <Link
                      to="/inventory"
                      search={{ product: productId }}
                      className="text-indigo-800 underline"
                    >
                      {t('products.manageStock')}
                    </Link>
                  </p>
                )}
                {fe('option_values') && <p className="mt-2 text-sm text-red-800">{fe('option_values')}</p>}
                {draft.variants.length > 1 && (
                  <Button
                    small
                    variant="ghost"
                    className="mt-2"
                    onClick={() =>
                      onChange({ ...draft, variants: draft.variants.filter((x) => x.key !== v.key) })
                    }
                  >
                    {t('products.removeVariant')}
                  </Button>
                )}
              </fieldset>
            );
          })}
        </div>
      </Card>
    </>
  );
}
