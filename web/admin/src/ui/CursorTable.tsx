import type { ReactNode } from 'react';
import { useT } from '../i18n/I18n.tsx';
import { LoadMore } from './Button.tsx';
import { ErrorMessage, Loading } from './feedback.tsx';
import { Table, type Column } from './table.tsx';

/** What a list page needs of a cursor-paginated query (`useCursorList`). */
export interface CursorListState<T> {
  rows: T[];
  error: unknown;
  isPending: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/**
 * Every list page's body: what went wrong, "loading" until the first page is in, then the rows as
 * a table (or the `empty` text), and "load more" while the API has another page.
 */
export function CursorTable<T>({
  list,
  caption,
  rowKey,
  columns,
  empty,
}: {
  list: CursorListState<T>;
  caption: string;
  rowKey: (row: T) => string;
  columns: Column<T>[];
  empty?: ReactNode;
}) {
  const t = useT();
  return (
    <>
      <ErrorMessage error={list.error} />
      {list.isPending ? (
        <Loading />
      ) : (
        <Table caption={caption} rows={list.rows} rowKey={rowKey} empty={empty} columns={columns} />
      )}
      <LoadMore
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onClick={() => void list.fetchNextPage()}
        label={t('common.loadMore')}
      />
    </>
  );
}
