import type { ButtonHTMLAttributes } from 'react';

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost';

const STYLES: Record<Variant, string> = {
  primary: 'bg-indigo-700 text-white hover:bg-indigo-800 disabled:bg-indigo-300',
  secondary: 'bg-white text-slate-800 border border-slate-300 hover:bg-slate-100 disabled:text-slate-500',
  danger: 'bg-red-700 text-white hover:bg-red-800 disabled:bg-red-300',
  ghost: 'text-indigo-800 hover:bg-indigo-50 disabled:text-slate-500',
};

export const buttonClass = (variant: Variant = 'secondary', small = false) =>
  `inline-flex items-center justify-center gap-1.5 rounded-md font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-700 disabled:cursor-not-allowed ${
    small ? 'px-2.5 py-1 text-sm' : 'px-3.5 py-2 text-sm'
  } ${STYLES[variant]}`;

export function Button({
  variant = 'secondary',
  small = false,
  busy = false,
  className = '',
  children,
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; small?: boolean; busy?: boolean }) {
  return (
    <button
      type="button"
      {...rest}
      disabled={rest.disabled || busy}
      aria-busy={busy || undefined}
      className={`${buttonClass(variant, small)} ${className}`}
    >
      {busy && (
        <span
          aria-hidden="true"
          className="inline-block h-3.5 w-3.5 animate-spin rounded-full border-2 border-current border-r-transparent"
        />
      )}
      {children}
    </button>
  );
}

/** "Load more" under a cursor-paginated list. */
export function LoadMore({
  hasMore,
  loading,
  onClick,
  label,
}: {
  hasMore: boolean;
  loading: boolean;
  onClick: () => void;
  label: string;
}) {
  if (!hasMore) return null;
  return (
    <div className="flex justify-center pt-3">
      <Button onClick={onClick} busy={loading}>
        {label}
      </Button>
    </div>
  );
}
