import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { isApiError } from '../api/errors.ts';
import { hasMessage, useT } from '../i18n/I18n.tsx';

/** What went wrong, in the reader's language: the error code's message, then the server's detail. */
export function ErrorMessage({ error, className = '' }: { error: unknown; className?: string }) {
  const t = useT();
  if (!error) return null;
  let title = t('error.generic');
  let detail: string | null = null;
  let fields: { path: string; message: string }[] = [];
  if (isApiError(error)) {
    const key = `error.code.${error.code}`;
    title = hasMessage(key) ? t(key) : t('error.generic');
    detail = error.detail;
    fields = error.errors;
  } else if (error instanceof Error) {
    detail = error.message;
  }
  return (
    <div
      role="alert"
      className={`rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 ${className}`}
    >
      <p className="font-medium">{title}</p>
      {detail && detail !== title && <p className="mt-1">{detail}</p>}
      {fields.length > 0 && (
        <ul className="mt-1 list-disc pl-5">
          {fields.map((f, i) => (
            <li key={i}>
              <span className="font-mono text-xs">{f.path.replace(/^body\./, '')}</span>: {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  const t = useT();
  return (
    <p role="status" className="py-6 text-center text-sm text-slate-600">
      {label ?? t('common.loading')}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="py-6 text-center text-sm text-slate-600">{children}</p>;
}

interface Toast {
  id: number;
  text: string;
  tone: 'success' | 'info' | 'error';
}

const ToastContext = createContext<(text: string, tone?: Toast['tone']) => void>(() => {});

/** Short notices ("Saved", "New order #1003") read out by screen readers as they appear. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const push = useCallback((text: string, tone: Toast['tone'] = 'success') => {
    const id = Date.now() + Math.random();
    setToasts((all) => [...all.slice(-3), { id, text, tone }]);
    setTimeout(() => setToasts((all) => all.filter((x) => x.id !== id)), 5000);
  }, []);
  return (
    <ToastContext.Provider value={push}>
      {children}
      <div
        aria-live="polite"
        className="pointer-events-none fixed right-4 bottom-4 left-4 z-50 flex flex-col items-end gap-2 sm:left-auto"
      >
        {toasts.map((toast) => (
          <div
            key={toast.id}
            className={`pointer-events-auto rounded-md px-4 py-2 text-sm shadow-lg ${
              toast.tone === 'error'
                ? 'bg-red-800 text-white'
                : toast.tone === 'info'
                  ? 'bg-slate-800 text-white'
                  : 'bg-emerald-800 text-white'
            }`}
          >
            {toast.text}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export const useToast = () => useContext(ToastContext);
