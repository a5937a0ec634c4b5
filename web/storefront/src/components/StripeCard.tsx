import { useEffect, useRef, useState, type RefObject } from 'react';
import { useI18n } from '../i18n.ts';

/**
 * Cards through Stripe: Stripe.js (loaded from the URL the store gives, in the browser only)
 * collects the card in its own element, so the number goes from the shopper's browser straight to
 * Stripe; Carton only ever sees the PaymentMethod (pm_…) Stripe gives back.
 */

/** What Stripe.js answers when it refuses: its message is the shopper's to read. */
export interface StripeError {
  type?: string;
  code?: string;
  message?: string;
}

/** The card element Stripe.js draws (an iframe of Stripe's). */
export interface StripeCardElement {
  mount(target: HTMLElement | string): void;
  destroy(): void;
  on(event: 'change', handler: (e: { complete?: boolean; error?: StripeError }) => void): unknown;
}

/** The part of Stripe.js the storefront uses. */
export interface StripeJs {
  elements(): { create(type: 'card', options?: Record<string, unknown>): StripeCardElement };
  createPaymentMethod(data: {
    type: 'card';
    card: StripeCardElement;
  }): Promise<{ paymentMethod?: { id: string }; error?: StripeError }>;
  confirmCardSetup(
    clientSecret: string,
    data: { payment_method: { card: StripeCardElement } },
  ): Promise<{ setupIntent?: { id: string; payment_method: string | null }; error?: StripeError }>;
}

/** The store's Stripe as `GET /store/v1/payment-methods` tells it: its publishable key (null: not set up) and Stripe.js's URL. */
export interface StripeConfig {
  publishableKey: string | null;
  jsUrl: string;
}

/** A card the shopper is typing into Stripe's element: what pays with it (createPaymentMethod, confirmCardSetup). */
export interface StripeCard {
  stripe: StripeJs;
  element: StripeCardElement;
}

const STRIPE_JS = 'https://js.stripe.com/v3/';

/** The store's Stripe, when cards go through Stripe (else null). */
export function stripeConfigOf(
  card: { provider: string; publishable_key?: string | null; js_url?: string | null } | null | undefined,
): StripeConfig | null {
  if (card?.provider !== 'stripe') return null;
  return { publishableKey: card.publishable_key ?? null, jsUrl: card.js_url || STRIPE_JS };
}

type StripeConstructor = (publishableKey: string) => StripeJs;

// One <script> per URL, one Stripe instance per key, for the life of the page.
const scripts = new Map<string, Promise<StripeConstructor>>();
const instances = new Map<string, Promise<StripeJs>>();

function loadScript(url: string): Promise<StripeConstructor> {
  let loading = scripts.get(url);
  if (!loading) {
    loading = new Promise<StripeConstructor>((resolve, reject) => {
      const found = (window as { Stripe?: StripeConstructor }).Stripe;
      if (found) return resolve(found);
      const script = document.createElement('script');
      script.src = url;
      script.async = true;
      script.onload = () => {
        const loaded = (window as { Stripe?: StripeConstructor }).Stripe;
        if (loaded) resolve(loaded);
        else reject(new Error('Stripe.js loaded without window.Stripe'));
      };
      script.onerror = () => reject(new Error(`Stripe.js did not load from ${url}`));
      document.head.appendChild(script);
    });
    // A failed load may be tried again (the shopper back online).
    loading.catch(() => scripts.delete(url));
    scripts.set(url, loading);
  }
  return loading;
}

/** Stripe.js for this key, loaded once (in the browser only: the page is rendered on the server first). */
export function loadStripe(config: StripeConfig & { publishableKey: string }): Promise<StripeJs> {
  if (typeof window === 'undefined') return Promise.reject(new Error('Stripe.js runs in the browser only'));
  const key = `${config.jsUrl} ${config.publishableKey}`;
  let stripe = instances.get(key);
  if (!stripe) {
    stripe = loadScript(config.jsUrl).then((Stripe) => Stripe(config.publishableKey));
    stripe.catch(() => instances.delete(key));
    instances.set(key, stripe);
  }
  return stripe;
}

/**
 * Stripe's card element, mounted here once Stripe.js has loaded; `holder` holds it (null until
 * then, and after it is taken down). Stripe's message for what was typed (and `error`, what the
 * caller was told) is said beneath it.
 */
export function StripeCardField({
  config,
  holder,
  error,
  onChange,
}: {
  config: StripeConfig & { publishableKey: string };
  holder: RefObject<StripeCard | null>;
  error?: string | null;
  /** The shopper typed: an earlier refusal no longer stands. */
  onChange?: () => void;
}) {
  const { t } = useI18n();
  const mountRef = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [typed, setTyped] = useState<string | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    let element: StripeCardElement | null = null;
    let gone = false;
    setState('loading');
    loadStripe(config)
      .then((stripe) => {
        if (gone || !mountRef.current) return;
        element = stripe.elements().create('card', { hidePostalCode: true });
        element.on('change', (e) => {
          setTyped(e.error?.message ?? null);
          changed.current?.();
        });
        element.mount(mountRef.current);
        holder.current = { stripe, element };
        setState('ready');
      })
      .catch(() => {
        if (!gone) setState('failed');
      });
    return () => {
      gone = true;
      holder.current = null;
      element?.destroy();
    };
  }, [config.jsUrl, config.publishableKey]);

  const shown = error ?? typed;
  return (
    <div className="flex flex-col gap-2" data-testid="stripe-card">
      {/* Stripe.js draws the card form inside this node; React leaves it alone. */}
      <div ref={mountRef} className="rounded-lg border border-stone-300 p-3" />
      {state === 'loading' ? (
        <p role="status" className="text-sm text-stone-600">
          {t('card.loading')}
        </p>
      ) : null}
      {state === 'failed' ? (
        <p role="alert" className="text-sm text-red-800">
          {t('card.load_failed')}
        </p>
      ) : null}
      {shown ? (
        <p role="alert" data-testid="card-error" className="text-sm text-red-800">
          {shown}
        </p>
      ) : null}
      <p className="text-xs text-stone-600">{t('card.stripe_hint')}</p>
    </div>
  );
}
