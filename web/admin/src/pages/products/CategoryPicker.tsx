import { useQuery } from '@tanstack/react-query';
import { api, type Answer } from '../../api/client.ts';
import { useT } from '../../i18n/I18n.tsx';
import { Checkbox } from '../../ui/form.tsx';
import { Card } from '../../ui/layout.tsx';

type Node = Answer<'/admin/v1/categories', 'get'>['data'][number];

function flatten(nodes: Node[], depth = 0): { id: string; name: string; depth: number }[] {
  return nodes.flatMap((n) => [
    { id: n.id, name: n.name, depth },
    ...flatten((n.children ?? []) as Node[], depth + 1),
  ]);
}

/** The categories a product is in, ticked in the store's category tree. */
export function CategoryPicker({
  selected,
  onChange,
}: {
  selected: string[];
  onChange: (ids: string[]) => void;
}) {
  const t = useT();
  const tree = useQuery({ queryKey: ['categories'], queryFn: () => api.get('/admin/v1/categories') });
  const all = flatten(tree.data?.data ?? []);
  return (
    <Card title={t('products.categories')}>
      {all.length === 0 ? (
        <p className="text-sm text-slate-600">{t('products.noCategories')}</p>
      ) : (
        <fieldset className="max-h-64 space-y-1 overflow-y-auto">
          <legend className="sr-only">{t('products.categories')}</legend>
          {all.map((c) => (
            <div key={c.id} style={{ paddingLeft: `${c.depth * 1.25}rem` }}>
              <Checkbox
                label={c.name}
                checked={selected.includes(c.id)}
                onChange={(e) =>
                  onChange(e.target.checked ? [...selected, c.id] : selected.filter((id) => id !== c.id))
                }
              />
            </div>
          ))}
        </fieldset>
      )}
    </Card>
  );
}
