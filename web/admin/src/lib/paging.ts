import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';

interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/** A cursor-paginated list (`{ data, next_cursor }`), one page after another as asked. */
export function useCursorList<T>(
  queryKey: QueryKey,
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  enabled = true,
) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled,
  });
  const rows = query.data?.pages.flatMap((p) => p.data) ?? [];
  return { ...query, rows };
}
