import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api, send } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage, useToast } from '../../ui/feedback.tsx';
import { Input } from '../../ui/form.tsx';
import { Card } from '../../ui/layout.tsx';
import type { AdminProduct } from './draft.ts';

type Image = AdminProduct['images'][number];

/** Upload, describe, order and delete a product's images; the first primary image is what shoppers see first. */
export function ImagesCard({ product, readOnly }: { product: AdminProduct; readOnly: boolean }) {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const inputId = useId();
  const [alts, setAlts] = useState<Record<string, string>>({});
  const images = [...product.images].sort((a, b) => a.position - b.position);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['product', product.id] });

  const upload = useMutation({
    mutationFn: async (files: File[]) => {
      for (const file of files) {
        const alt = file.name.replace(/\.[a-z0-9]+$/i, '').replace(/[-_]+/g, ' ');
        await send(
          'POST',
          `/admin/v1/products/${encodeURIComponent(product.id)}/images?alt=${encodeURIComponent(alt)}`,
          {
            body: file,
            headers: { 'content-type': file.type || 'application/octet-stream' },
          },
        );
      }
    },
    onSuccess: async () => {
      await refresh();
      toast(t('products.imagesUploaded'));
    },
    onSettled: () => void refresh(),
  });
  const change = useMutation({
    mutationFn: async (op: { kind: 'alt' | 'primary' | 'delete' | 'move'; image: Image; delta?: number }) => {
      const path = { productId: product.id, imageId: op.image.id };
      if (op.kind === 'alt')
        return api.patch('/admin/v1/products/{productId}/images/{imageId}', {
          path,
          body: { alt: alts[op.image.id] ?? op.image.alt },
        });
      if (op.kind === 'primary')
        return api.patch('/admin/v1/products/{productId}/images/{imageId}', {
          path,
          body: { is_primary: true },
        });
      if (op.kind === 'delete')
        return api.delete('/admin/v1/products/{productId}/images/{imageId}', { path });
      const ids = images.map((i) => i.id);
      const from = ids.indexOf(op.image.id);
      const to = from + (op.delta ?? 0);
      if (to < 0 || to >= ids.length) return null;
      ids.splice(to, 0, ...ids.splice(from, 1));
      return api.put('/admin/v1/products/{productId}/images/order', {
        path: { productId: product.id },
        body: { image_ids: ids },
      });
    },
    onSuccess: () => refresh(),
  });

  return (
    <Card
      title={t('products.images')}
      actions={
        !readOnly && (
          <>
            <label
              htmlFor={inputId}
              className="cursor-pointer rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm font-medium text-slate-800 hover:bg-slate-100 focus-within:outline-2 focus-within:outline-indigo-700"
            >
              {upload.isPending ? t('products.uploading') : t('products.uploadImages')}
            </label>
            <input
              id={inputId}
              type="file"
              accept="image/jpeg,image/png,image/webp,image/gif,image/avif"
              multiple
              className="sr-only"
              onChange={(e) => {
                const files = [...(e.target.files ?? [])];
                e.target.value = '';
                if (files.length) upload.mutate(files);
              }}
            />
          </>
        )
      }
    >
      <ErrorMessage error={upload.error ?? change.error} className="mb-3" />
      {images.length === 0 ? (
        <p className="text-sm text-slate-600">{t('products.noImages')}</p>
      ) : (
        <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {images.map((img, i) => (
            <li key={img.id} className="rounded-md border border-slate-200 p-2">
              <img
                src={img.url}
                alt={img.alt}
                className="aspect-square w-full rounded bg-slate-100 object-contain"
                loading="lazy"
              />
              <p className="mt-1 text-xs text-slate-600">
                {img.is_primary ? t('products.primary') : `#${i + 1}`}
                {img.width && img.height ? ` · ${img.width}×${img.height}` : ''}
              </p>
              {!readOnly && (
                <>
                  <Input
                    className="mt-2"
                    aria-label={t('products.altText', { n: i + 1 })}
                    value={alts[img.id] ?? img.alt}
                    onChange={(e) => setAlts({ ...alts, [img.id]: e.target.value })}
                    onBlur={() =>
                      alts[img.id] !== undefined &&
                      alts[img.id] !== img.alt &&
                      change.mutate({ kind: 'alt', image: img })
                    }
                  />
                  <div className="mt-2 flex flex-wrap gap-1">
                    {!img.is_primary && (
                      <Button small onClick={() => change.mutate({ kind: 'primary', image: img })}>
                        {t('products.makePrimary')}
                      </Button>
                    )}
                    <Button
                      small
                      disabled={i === 0}
                      onClick={() => change.mutate({ kind: 'move', image: img, delta: -1 })}
                      aria-label={t('products.moveEarlier', { n: i + 1 })}
                    >
                      ↑
                    </Button>
                    <Button
                      small
                      disabled={i === images.length - 1}
                      onClick={() => change.mutate({ kind: 'move', image: img, delta: 1 })}
                      aria-label={t('products.moveLater', { n: i + 1 })}
                    >
                      ↓
                    </Button>
                    <Button
                      small
                      variant="ghost"
                      onClick={() => change.mutate({ kind: 'delete', image: img })}
                    >
                      {t('common.delete')}
                    </Button>
                  </div>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
