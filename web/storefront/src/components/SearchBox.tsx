import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useId, useState } from 'react';
import { useI18n } from '../i18n.ts';
import { unwrap, useShop } from '../shop.ts';

/** The search field with typo-tolerant suggestions (ARIA combobox: arrows, Enter, Escape). */
export function SearchBox({ initial = '' }: { initial?: string }) {
  const { api } = useShop();
  const { t } = useI18n();
  const navigate = useNavigate();
  const id = useId();
  const [text, setText] = useState(initial);
  const [typed, setTyped] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);

  useEffect(() => setText(initial), [initial]);
  // Ask once the shopper pauses typing.
  useEffect(() => {
    const timer = setTimeout(() => setTyped(text.trim()), 150);
    return () => clearTimeout(timer);
  }, [text]);

  const suggestions = useQuery({
    queryKey: ['autocomplete', typed],
    queryFn: () =>
      unwrap(api.GET('/store/v1/search/autocomplete', { params: { query: { q: typed, limit: 8 } } })),
    enabled: typed.length >= 2,
    staleTime: 60_000,
  });
  const items = typed.length >= 2 ? (suggestions.data?.data ?? []) : [];
  const shown = open && items.length > 0;

  const go = (index: number) => {
    setOpen(false);
    const item = items[index];
    if (item?.type === 'product') void navigate({ to: '/products/$handle', params: { handle: item.handle } });
    else if (item?.type === 'category')
      void navigate({ to: '/categories/$handle', params: { handle: item.handle } });
    else if (text.trim()) void navigate({ to: '/search', search: { q: text.trim() } });
  };

  return (
    <form
      role="search"
      className="relative flex w-full"
      onSubmit={(e) => {
        e.preventDefault();
        go(active);
      }}
    >
      <label htmlFor={`${id}-q`} className="sr-only">
        {t('search.label')}
      </label>
      <input
        id={`${id}-q`}
        name="q"
        type="search"
        autoComplete="off"
        role="combobox"
        aria-expanded={shown}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={shown && active >= 0 ? `${id}-opt-${active}` : undefined}
        placeholder={t('search.placeholder')}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.min(items.length - 1, a + 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(-1, a - 1));
          } else if (e.key === 'Escape') setOpen(false);
        }}
        className="w-full rounded-l-lg border border-stone-300 bg-white px-3 py-2 text-base text-stone-900"
      />
      <button
        type="submit"
        className="rounded-r-lg bg-amber-600 px-4 font-medium text-stone-950 hover:bg-amber-500"
      >
        {t('search.submit')}
      </button>
      <ul
        id={`${id}-list`}
        role="listbox"
        aria-label={t('search.suggestions')}
        hidden={!shown}
        className="absolute top-full z-20 mt-1 w-full overflow-hidden rounded-lg border border-stone-200 bg-white text-stone-900 shadow-lg"
      >
        {items.map((item, i) => (
          <li
            key={`${item.type}-${item.id}`}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === active}
            onMouseDown={(e) => {
              e.preventDefault();
              go(i);
            }}
            className={`cursor-pointer px-3 py-2 text-sm ${i === active ? 'bg-amber-100' : ''}`}
          >
            {item.title}
            {item.type === 'category' ? (
              <span className="ml-2 text-xs text-stone-600">{t('search.category')}</span>
            ) : null}
          </li>
        ))}
      </ul>
    </form>
  );
}
