import { useQuery } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { api, type Answer } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { Button } from '../../ui/Button.tsx';
import { SelectField, TextField } from '../../ui/form.tsx';
import { useDebounced } from './useDebounced.ts';

/**
 * The campaign trigger's product and category pickers: what is chosen, as removable chips, and a
 * way to add more — products found through the admin catalog search (title or SKU prefix),
 * categories from the store's category tree.
 */

type CategoryNode = Answer<'/admin/v1/categories', 'get'>['data'][number];

/** A chosen item: its name, and a button that removes it. */
function Chip({
  label,
  removeLabel,
  onRemove,
  disabled,
}: {
  label: string;
  removeLabel: string;
  onRemove: () => void;
  disabled: boolean;
}) {
  return (
    <li className="inline-flex max-w-full items-center gap-1 rounded-full border border-indigo-200 bg-indigo-50 py-0.5 pr-1 pl-3 text-sm text-indigo-900">
      <span className="truncate">{label}</span>
      {!disabled && (
        <button
          type="button"
          onClick={onRemove}
          aria-label={removeLabel}
          className="rounded-full px-1.5 text-indigo-800 hover:bg-indigo-100 focus-visible:outline-2 focus-visible:outline-indigo-700"
        >
          ×
        </button>
      )}
    </li>
  );
}

/** A picker's heading and what is chosen so far (or what choosing nothing means). */
function Chosen({
  title,
  none,
  ids,
  children,
}: {
  title: string;
  none: string;
  ids: string[];
  children: (id: string) => ReactNode;
}) {
  const headingId = useId();
  return (
    <>
      <p className="mb-1 text-sm font-medium text-slate-800" id={headingId}>
        {title}
      </p>
      {ids.length > 0 ? (
        <ul className="mb-2 flex flex-wrap gap-2" aria-labelledby={headingId}>
          {ids.map(children)}
        </ul>
      ) : (
        <p className="mb-2 text-sm text-slate-600">{none}</p>
      )}
    </>
  );
}

/** A chosen product's title (its id while it loads, or when it is gone). */
function ProductChip({ id, onRemove, disabled }: { id: string; onRemove: () => void; disabled: boolean }) {
  const t = useT();
  const product = useQuery({
    queryKey: ['products', 'one', id],
    queryFn: () => api.get('/admin/v1/products/{productId}', { path: { productId: id } }),
    staleTime: 60_000,
    retry: false,
  });
  const title = product.data?.title ?? (product.isError ? t('campaigns.productGone', { id }) : id);
  return (
    <Chip
      label={title}
      removeLabel={t('campaigns.removeProduct', { title })}
      onRemove={onRemove}
      disabled={disabled}
    />
  );
}

export function ProductPicker({
  value,
  onChange,
  disabled,
}: {
  value: string[];
  onChange: (ids: string[]) => void;
  disabled: boolean;
}) {
  const t = useT();
  const [query, setQuery] = useState('');
  const settled = useDebounced(query.trim(), 250);
  const found = useQuery({
    queryKey: ['products', 'search', settled],
    queryFn: () => api.get('/admin/v1/products', { query: { query: settled, limit: 8 } }),
    enabled: settled.length > 0,
    staleTime: 30_000,
  });
  const results = (found.data?.data ?? []).filter((p) => !value.includes(p.id));
  return (
    <div>
      <Chosen title={t('campaigns.products')} none={t('campaigns.anyProduct')} ids={value}>
        {(id) => (
          <ProductChip
            key={id}
            id={id}
            disabled={disabled}
            onRemove={() => onChange(value.filter((x) => x !== id))}
          />
        )}
      </Chosen>
      {!disabled && (
        <>
          <TextField
            label={t('campaigns.findProduct')}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            hint={t('campaigns.findProductHint')}
          />
          {settled && (
            <ul className="mt-2 space-y-1" aria-label={t('campaigns.productResults')}>
              {found.isPending && <li className="text-sm text-slate-600">{t('common.loading')}</li>}
              {found.data && results.length === 0 && (
                <li className="text-sm text-slate-600">{t('campaigns.noProductFound')}</li>
              )}
              {results.map((p) => (
                <li key={p.id}>
                  <Button
                    small
                    variant="ghost"
                    onClick={() => {
                      onChange([...value, p.id]);
                      setQuery('');
                    }}
                  >
                    {t('campaigns.addProduct', { title: p.title })}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

/** Every category with its path of names ("Clothing › Shirts"), in tree order. */
function flatten(nodes: CategoryNode[], parents: string[] = []): { id: string; path: string }[] {
  return nodes.flatMap((n) => {
    const names = [...parents, n.name];
    const children = (n as { children?: CategoryNode[] }).children ?? [];
    return [{ id: n.id, path: names.join(' › ') }, ...flatten(children, names)];
  });
}

export function CategoryPicker({
  value,
  onChange,
  disabled,
}: {
  value: string[];
  onChange: (ids: string[]) => void;
  disabled: boolean;
}) {
  const t = useT();
  const tree = useQuery({
    queryKey: ['categories', 'tree'],
    queryFn: () => api.get('/admin/v1/categories'),
    staleTime: 60_000,
  });
  const all = flatten(tree.data?.data ?? []);
  const name = (id: string) => all.find((c) => c.id === id)?.path ?? id;
  const open = all.filter((c) => !value.includes(c.id));
  return (
    <div>
      <Chosen title={t('campaigns.categories')} none={t('campaigns.anyCategory')} ids={value}>
        {(id) => (
          <Chip
            key={id}
            label={name(id)}
            removeLabel={t('campaigns.removeCategory', { name: name(id) })}
            disabled={disabled}
            onRemove={() => onChange(value.filter((x) => x !== id))}
          />
        )}
      </Chosen>
      {!disabled && (
        <SelectField
          label={t('campaigns.addCategory')}
          value=""
          onChange={(e) => e.target.value && onChange([...value, e.target.value])}
          hint={t('campaigns.categoryHint')}
        >
          <option value="">
            {open.length ? t('campaigns.chooseCategory') : t('campaigns.noCategories')}
          </option>
          {open.map((c) => (
            <option key={c.id} value={c.id}>
              {c.path}
            </option>
          ))}
        </SelectField>
      )}
    </div>
  );
}
