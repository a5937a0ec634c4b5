import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18n.tsx';
import { useCan, useStore } from '../../lib/me.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorMessage, Loading, useToast } from '../../ui/feedback.tsx';
import { Checkbox, SelectField, TextAreaField, TextField } from '../../ui/form.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import { CategoryPicker } from './CategoryPicker.tsx';
import { draftOf, emptyDraft, type AdminProduct, type ProductDraft, type SavedPrice } from './draft.ts';
import { ImagesCard } from './ImagesCard.tsx';
import { PersonalizationCard } from './PersonalizationCard.tsx';
import { fieldProblems } from './personalization.ts';
import { PRODUCT_STATUSES } from './ProductList.tsx';
import { createProduct, draftProblems, updateProduct } from './save.ts';
import { TranslationsCard } from './TranslationsCard.tsx';
import { VariantsEditor } from './VariantsEditor.tsx';

/** The product with the prices of its variants in the store currency. */
async function loadProduct(productId: string, currency: string) {
  const product = await api.get('/admin/v1/products/{productId}', { path: { productId } });
  const prices: SavedPrice[] = [];
  await Promise.all(
    product.variants.map(async (v) => {
      const page = await api.get('/admin/v1/prices', { query: { variant_id: v.id, currency, limit: 1 } });
      if (page.data[0]) prices.push(page.data[0]);
    }),
  );
  return { product, prices };
}

/** Create (`/products/new`) or edit a product: text, status, options, variants with prices, images, translations. */
export function ProductEditPage() {
  const t = useT();
  const { productId } = useParams({ from: '/app/products/$productId' });
  const isNew = productId === 'new';
  const store = useStore();
  const currency = store.data?.currency;
  const can = useCan();
  const loaded = useQuery({
    queryKey: ['product', productId, currency],
    queryFn: () => loadProduct(productId, currency!),
    enabled: !isNew && !!currency,
  });
  if (!currency || (!isNew && loaded.isPending)) return <Loading />;
  if (!isNew && !loaded.data)
    return (
      <Page title={t('products.edit')}>
        <ErrorMessage error={loaded.error} />
      </Page>
    );
  return (
    <ProductForm
      key={`${productId}:${loaded.dataUpdatedAt}`}
      product={loaded.data?.product ?? null}
      initial={loaded.data ? draftOf(loaded.data.product, loaded.data.prices, currency) : emptyDraft()}
      currency={currency}
      readOnly={!can('catalog.manage')}
    />
  );
}

function ProductForm({
  product,
  initial,
  currency,
  readOnly,
}: {
  product: AdminProduct | null;
  initial: ProductDraft;
  currency: string;
  readOnly: boolean;
}) {
  const t = useT();
  const toast = useToast();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(initial);
  const [problems, setProblems] = useState<Record<string, Record<string, string>>>({});
  const [confirmDelete, setConfirmDelete] = useState(false);
  const can = useCan();
  const variantIds = product?.variants.map((v) => v.id).join(',') ?? '';
  const levels = useQuery({
    queryKey: ['inventory', 'levels', variantIds],
    queryFn: () => api.get('/admin/v1/inventory-levels', { query: { variant_ids: variantIds, limit: 200 } }),
    enabled: !!variantIds && can('inventory.read'),
  });
  const stock: Record<string, { available: number; onHand: number }> = {};
  for (const l of levels.data?.data ?? []) {
    const s = (stock[l.variant_id] ??= { available: 0, onHand: 0 });
    s.available += l.available;
    s.onHand += l.on_hand;
  }
  const [submitted, setSubmitted] = useState(false);

  const save = useMutation({
    mutationFn: async () => {
      if (product) {
        await updateProduct(product, draft, currency);
        return product.id;
      }
      return createProduct(draft, currency);
    },
    onSuccess: async (id) => {
      await queryClient.invalidateQueries({ queryKey: ['products'] });
      await queryClient.invalidateQueries({ queryKey: ['product', id] });
      toast(t('products.savedToast'));
      if (!product) await navigate({ to: '/products/$productId', params: { productId: id } });
    },
  });
  const remove = useMutation({
    mutationFn: () => api.delete('/admin/v1/products/{productId}', { path: { productId: product!.id } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['products'] });
      toast(t('products.deletedToast'));
      await navigate({ to: '/products' });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = draftProblems(draft, currency, {
      required: t('form.required'),
      money: t('form.money'),
      count: t('form.count'),
    });
    setProblems(found);
    setSubmitted(true);
    const fieldsWrong = Object.keys(fieldProblems(draft.personalization)).length > 0;
    if (!draft.title.trim() || Object.keys(found).length || fieldsWrong) return;
    save.mutate();
  };
  const err = isApiError(save.error) ? save.error : null;
  const set = (patch: Partial<ProductDraft>) => setDraft((d) => ({ ...d, ...patch }));
  // Once saving was tried, the personalization rows say what is wrong as it is typed away.
  const fieldsProblems = submitted
    ? Object.fromEntries(
        Object.entries(fieldProblems(draft.personalization)).map(([key, p]) => [
          key,
          Object.fromEntries(Object.entries(p).map(([input, message]) => [input, t(message)])),
        ]),
      )
    : {};

  return (
    <Page
      title={product ? product.title : t('products.new')}
      back={
        <Link to="/products" className="text-indigo-800 underline">
          ← {t('nav.products')}
        </Link>
      }
      actions={
        product &&
        !readOnly && (
          <Button variant="danger" onClick={() => setConfirmDelete(true)}>
            {t('common.delete')}
          </Button>
        )
      }
    >
      <form onSubmit={submit} noValidate className="space-y-6">
        <fieldset disabled={readOnly} className="space-y-6">
          <Card title={t('products.general')}>
            <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
              <TextField
                className="sm:col-span-2"
                label={t('products.title')}
                required
                value={draft.title}
                error={
                  err?.fieldError('title') ??
                  (submitted && !draft.title.trim() ? t('form.required') : undefined)
                }
                onChange={(e) => set({ title: e.target.value })}
              />
              <TextField
                label={t('products.handle')}
                hint={t('products.handleHint')}
                value={draft.handle}
                error={err?.fieldError('handle')}
                onChange={(e) => set({ handle: e.target.value })}
              />
              <SelectField
                label={t('products.status')}
                value={draft.status}
                error={err?.code === 'INVALID_STATE_TRANSITION' ? err.detail : undefined}
                onChange={(e) => set({ status: e.target.value as ProductDraft['status'] })}
              >
                {PRODUCT_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s}`)}
                  </option>
                ))}
              </SelectField>
              <div className="space-y-3 sm:col-span-2">
                <Checkbox
                  label={t('giftCardProducts.giftCard')}
                  hint={t('giftCardProducts.giftCardHint')}
                  checked={draft.giftCard}
                  error={err?.fieldError('gift_card')}
                  // A gift card ships nothing: ticked, "Ships to the customer" is unticked with it.
                  onChange={(e) =>
                    set(e.target.checked ? { giftCard: true, requiresShipping: false } : { giftCard: false })
                  }
                />
                <Checkbox
                  label={t('digital.requiresShipping')}
                  hint={t(
                    draft.giftCard ? 'giftCardProducts.requiresShippingHint' : 'digital.requiresShippingHint',
                  )}
                  checked={draft.requiresShipping && !draft.giftCard}
                  disabled={draft.giftCard}
                  error={err?.fieldError('requires_shipping')}
                  onChange={(e) => set({ requiresShipping: e.target.checked })}
                />
              </div>
              <TextAreaField
                className="sm:col-span-2"
                label={t('products.description')}
                hint={t('products.markdown')}
                rows={5}
                value={draft.description}
                onChange={(e) => set({ description: e.target.value })}
              />
              <TextField
                label={t('products.vendor')}
                value={draft.vendor}
                onChange={(e) => set({ vendor: e.target.value })}
              />
              <TextField
                label={t('products.brand')}
                value={draft.brand}
                onChange={(e) => set({ brand: e.target.value })}
              />
              <TextField
                label={t('products.type')}
                value={draft.productType}
                onChange={(e) => set({ productType: e.target.value })}
              />
              <TextField
                label={t('products.tags')}
                hint={t('products.commaSeparated')}
                value={draft.tags}
                onChange={(e) => set({ tags: e.target.value })}
              />
              <TextField
                label={t('products.seoTitle')}
                value={draft.seoTitle}
                onChange={(e) => set({ seoTitle: e.target.value })}
              />
              <TextField
                label={t('products.seoDescription')}
                value={draft.seoDescription}
                onChange={(e) => set({ seoDescription: e.target.value })}
              />
            </div>
          </Card>
          <VariantsEditor
            draft={draft}
            onChange={setDraft}
            currency={currency}
            isNew={!product}
            error={err}
            problems={problems}
          />
          <PersonalizationCard
            fields={draft.personalization}
            onChange={(personalization) => set({ personalization })}
            error={err}
            problems={fieldsProblems}
          />
          <CategoryPicker selected={draft.categoryIds} onChange={(categoryIds) => set({ categoryIds })} />
        </fieldset>
        <ErrorMessage error={save.error} />
        {!readOnly && (
          <div className="sticky bottom-0 -mx-4 flex justify-end gap-2 border-t border-slate-200 bg-white/95 px-4 py-3 sm:mx-0 sm:rounded-lg sm:border">
            <Link to="/products" className="inline-flex items-center px-3 text-sm text-indigo-800 underline">
              {t('common.cancel')}
            </Link>
            <Button type="submit" variant="primary" busy={save.isPending}>
              {product ? t('common.save') : t('products.create')}
            </Button>
          </div>
        )}
      </form>
      {product && (
        <>
          <ImagesCard product={product} readOnly={readOnly} />
          <TranslationsCard productId={product.id} readOnly={readOnly} />
        </>
      )}
      <Dialog
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={t('products.deleteTitle')}
        footer={
          <>
            <Button onClick={() => setConfirmDelete(false)}>{t('common.cancel')}</Button>
            <Button variant="danger" busy={remove.isPending} onClick={() => remove.mutate()}>
              {t('common.delete')}
            </Button>
          </>
        }
      >
        <p className="text-sm text-slate-700">{t('products.deleteExplain')}</p>
        <ErrorMessage error={remove.error} />
      </Dialog>
    </Page>
  );
}
