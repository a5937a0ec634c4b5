import { useSyncExternalStore } from 'react';

/**
 * The shopper's browser-side state: their cart's id and, once signed in, their tokens. Kept in
 * localStorage (never rendered on the server: pages that need it render it after hydration).
 */
export interface ShopperSession {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
  customer: { id: string; email: string; first_name: string | null; last_name: string | null };
}

interface BrowserState {
  cartId: string | null;
  session: ShopperSession | null;
}

const KEY = 'carton.shopper';
const listeners = new Set<() => void>();
const EMPTY: BrowserState = { cartId: null, session: null };
let state: BrowserState = EMPTY;
let loaded = false;

function load(): BrowserState {
  if (!loaded && typeof window !== 'undefined') {
    loaded = true;
    try {
      state = { ...EMPTY, ...(JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<BrowserState>) };
    } catch {
      state = EMPTY;
    }
  }
  return state;
}

export function shopperState(): BrowserState {
  return load();
}

export function updateShopperState(change: Partial<BrowserState>): void {
  state = { ...load(), ...change };
  try {
    localStorage.setItem(KEY, JSON.stringify(state));
  } catch {
    // private mode: the state lives as long as the page
  }
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key !== KEY) return;
    loaded = false;
    listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** The state, or the empty one while rendering on the server and hydrating (so the HTML matches). */
export function useShopperState(): BrowserState {
  return useSyncExternalStore(subscribe, load, () => EMPTY);
}

export function accessToken(): string | null {
  return load().session?.accessToken ?? null;
}

const noop = () => () => {};
/** False while rendering on the server and hydrating, then true: for content that only the browser knows. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
}
