import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useI18n } from '../i18n.ts';
import { Outcome } from '../components/Outcome.tsx';
import { useHydrated } from '../session.ts';
import { ApiError, unwrap, useShop } from '../shop.ts';

const route = getRouteApi('/newsletter/confirm');

type ConfirmState = 'ready' | 'working' | 'done' | 'expired' | 'invalid' | 'failed';

/**
 * The double opt-in link e-mailed to a shopper who asked for news and offers
 * (`/newsletter/confirm?token=…`). Opening it confirms nothing — mail scanners open links — the
 * shopper presses **Confirm subscription** (`POST /store/v1/marketing-consent/confirm`). A link
 * that has run out (7 days) or whose subscription was withdrawn since says to subscribe again; a
 * forged, mangled or another shop's link says it is not valid.
 */
export function NewsletterConfirmPage() {
  const { api, shop, queryClient } = useShop();
  const { t } = useI18n();
  const hydrated = useHydrated();
  const { token } = route.useSearch();
  const [state, setState] = useState<ConfirmState>(token ? 'ready' : 'invalid');

  const confirm = async () => {
    setState('working');
    try {
      const consent = await unwrap(
        api.POST('/store/v1/marketing-consent/confirm', { body: { token: token ?? '' } }),
      );
      // A link confirmed before and withdrawn since answers with where consent stands now.
      setState(consent.status === 'granted' ? 'done' : 'expired');
      // Signed in here: the account's newsletter section is stale.
      void queryClient.invalidateQueries({ queryKey: ['me', 'consent'] });
    } catch (err) {
      if (err instanceof ApiError && err.status === 410) setState('expired');
      // 401: forged or another shop's; 400: the token cut short or too long.
      else if (err instanceof ApiError && (err.status === 401 || err.status === 400)) setState('invalid');
      else setState('failed');
    }
  };

  return (
    <div className="mx-auto flex w-full max-w-md flex-col gap-4">
      <h1 className="text-2xl font-bold">{t('newsletter.confirm_title')}</h1>
      {state === 'ready' || state === 'working' || state === 'failed' ? (
        <section className="flex flex-col gap-3 rounded-xl border border-stone-200 bg-white p-4">
          <p>{t('newsletter.confirm_lead', { shop: shop.storeName })}</p>
          {state === 'failed' ? (
            <p role="alert" className="text-sm text-red-700">
              {t('error.generic')}
            </p>
          ) : null}
          <button
            type="button"
            // Until the page is live a press would be lost: the button waits for it.
            disabled={!hydrated || state === 'working'}
            onClick={() => void confirm()}
            className="w-full rounded-lg bg-stone-900 px-4 py-3 font-semibold text-white disabled:bg-stone-400"
          >
            {state === 'working' ? t('newsletter.confirming') : t('newsletter.confirm')}
          </button>
        </section>
      ) : null}
      {state === 'done' ? (
        <Outcome ok title={t('newsletter.confirmed', { shop: shop.storeName })}>
          <Link to="/" className="underline">
            {t('cart.continue')}
          </Link>
        </Outcome>
      ) : null}
      {state === 'expired' || state === 'invalid' ? (
        <Outcome ok={false} title={state === 'expired' ? t('newsletter.expired') : t('newsletter.invalid')}>
          {state === 'expired' ? <p className="text-sm">{t('newsletter.subscribe_again')}</p> : null}
          <Link to="/account" className="underline">
            {t('verify.to_account')}
          </Link>
        </Outcome>
      ) : null}
    </div>
  );
}
