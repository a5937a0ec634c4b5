import type { ReactNode } from 'react';
import { LanguageSwitch } from '../../LanguageSwitch.tsx';

/** The frame of the pages before one is signed in: a centred card with the language switch. */
export function AuthLayout({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center bg-slate-100 px-4 py-10">
      <main className="w-full max-w-md">
        <p className="mb-4 text-center text-xl font-semibold text-indigo-900">Carton</p>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="mb-4 text-xl font-semibold text-slate-900">{title}</h1>
          {children}
        </div>
        <div className="mt-4 flex justify-center">
          <LanguageSwitch />
        </div>
      </main>
    </div>
  );
}
