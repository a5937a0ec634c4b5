import type { ReactNode } from 'react';

/**
 * How a link's page ended (a confirmed address, a subscription, an invitation): it worked, said
 * politely, or why not, said as an alert. `title` is the one sentence that matters; `children` the
 * way on.
 */
export function Outcome({ ok, title, children }: { ok: boolean; title: string; children?: ReactNode }) {
  return ok ? (
    <div role="status" className="flex flex-col gap-2 rounded-xl border border-emerald-300 bg-emerald-50 p-4">
      <p className="font-medium">{title}</p>
      {children}
    </div>
  ) : (
    <div role="alert" className="flex flex-col gap-2 rounded-xl border border-red-200 bg-red-50 p-4">
      <p className="font-medium text-red-800">{title}</p>
      {children}
    </div>
  );
}
