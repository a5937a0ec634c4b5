import type { ReactNode } from 'react';

export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Hidden on phones (the row still shows the essentials). */
  wide?: boolean;
  align?: 'right';
  /** Classes for the column's header and cells (a narrow checkbox column's padding). */
  className?: string;
}

/** A table that scrolls sideways on small screens; less important columns hide on phones. */
export function Table<T>({
  rows,
  columns,
  rowKey,
  caption,
  empty,
}: {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  caption: string;
  empty?: ReactNode;
}) {
  if (rows.length === 0 && empty)
    return <div className="py-8 text-center text-sm text-slate-600">{empty}</div>;
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th
                key={i}
                scope="col"
                className={`px-3 py-2 text-left font-medium whitespace-nowrap text-slate-700 ${c.wide ? 'hidden md:table-cell' : ''} ${c.align === 'right' ? 'text-right' : ''} ${c.className ?? ''}`}
              >
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={rowKey(row)} className="hover:bg-slate-50">
              {columns.map((c, i) => (
                <td
                  key={i}
                  className={`px-3 py-2 align-top text-slate-900 ${c.wide ? 'hidden md:table-cell' : ''} ${c.align === 'right' ? 'text-right whitespace-nowrap' : ''} ${c.className ?? ''}`}
                >
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
