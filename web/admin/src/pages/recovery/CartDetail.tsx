import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { api, type Answer } from '../../api/client.ts';
import { useT, type Translate } from '../../i18n/I18n.tsx';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorMessage, Loading, useToast } from '../../ui/feedback.tsx';
import { Card, Facts, Page } from '../../ui/layout.tsx';
import { Table } from '../../ui/table.tsx';
import { DateTime, Money } from '../../ui/values.tsx';
import { ContactLine } from './AbandonedCarts.tsx';

type CartDetail = Answer<'/admin/v1/recovery/carts/{trackedCartId}', 'get'>;

interface Moment {
  at: string;
  what: string;
  tone: 'grey' | 'amber' | 'blue' | 'green';
  detail?: string | undefined;
}

/** What happened to the cart, oldest first: tracked, checkout, abandoned, messages, link clicks, bought. */
export function timelineOf(cart: CartDetail, t: Translate): Moment[] {
  const moments: Moment[] = [{ at: cart.created_at, what: t('recovery.event.tracked'), tone: 'grey' }];
  if (cart.checkout_started_at)
    moments.push({ at: cart.checkout_started_at, what: t('recovery.event.checkout'), tone: 'grey' });
  if (cart.abandoned_at)
    moments.push({ at: cart.abandoned_at, what: t('recovery.event.abandoned'), tone: 'amber' });
  for (const touch of cart.touches)
    moments.push({
      at: touch.occurred_at,
      what: t(`recovery.event.message.${touch.kind}`),
      tone: 'blue',
      detail: touch.campaign_id ? t('recovery.event.campaign', { id: touch.campaign_id }) : undefined,
    });
  for (const click of cart.link_clicks)
    moments.push({
      at: click.clicked_at,
      what: t('recovery.event.linkOpened'),
      tone: 'blue',
      detail: t(`recovery.outcome.${click.outcome}`),
    });
  if (cart.recovered_at)
    moments.push({ at: cart.recovered_at, what: t('recovery.event.recovered'), tone: 'green' });
  if (cart.purchased_at && !cart.recovered_at)
    moments.push({ at: cart.purchased_at, what: t('recovery.event.purchased'), tone: 'green' });
  return moments.sort((a, b) => a.at.localeCompare(b.at));
}

const DOT: Record<Moment['tone'], string> = {
  grey: 'bg-slate-400',
  amber: 'bg-amber-500',
  blue: 'bg-indigo-600',
  green: 'bg-emerald-600',
};

/** One tracked cart: its items, contact, what happened to it, and the link that restores it. */
export function CartDetailPage() {
  const t = useT();
  const toast = useToast();
  const { trackedCartId } = useParams({ from: '/app/recovery/carts/$trackedCartId' });
  const cart = useQuery({
    queryKey: ['recovery', 'cart', trackedCartId],
    queryFn: () => api.get('/admin/v1/recovery/carts/{trackedCartId}', { path: { trackedCartId } }),
  });
  const back = (
    <Link to="/recovery/carts" className="text-indigo-800 underline">
      ← {t('nav.abandonedCarts')}
    </Link>
  );
  if (cart.isPending) return <Loading />;
  const c = cart.data;
  if (!c)
    return (
      <Page title={t('recovery.cartTitle')} back={back}>
        <ErrorMessage error={cart.error} />
      </Page>
    );

  const copy = async (text: string) => {
    await navigator.clipboard.writeText(text).catch(() => undefined);
    toast(t('common.copied'));
  };
  const isCartonOrder = c.order_id?.startsWith('ord_');

  return (
    <Page
      title={
        <span className="flex flex-wrap items-center gap-3">
          {t('recovery.cartTitle')} <StatusBadge status={c.status} />
        </span>
      }
      back={back}
    >
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card title={t('recovery.itemsTitle')}>
            <Table
              caption={t('recovery.itemsTitle')}
              rows={c.items.map((item, i) => ({ ...item, key: `${i}` }))}
              rowKey={(item) => item.key}
              empty={t('recovery.noItems')}
              columns={[
                {
                  header: t('recovery.product'),
                  cell: (item) => (
                    <div className="flex items-center gap-3">
                      {item.image_url ? (
                        <img
                          src={item.image_url}
                          alt={item.title}
                          width={48}
                          height={48}
                          loading="lazy"
                          className="h-12 w-12 shrink-0 rounded border border-slate-200 object-cover"
                        />
                      ) : (
                        <span aria-hidden="true" className="h-12 w-12 shrink-0 rounded bg-slate-100" />
                      )}
                      <div>
                        <p className="font-medium">{item.title}</p>
                        {item.variant_title && <p className="text-xs text-slate-600">{item.variant_title}</p>}
                        {item.sku && <p className="font-mono text-xs text-slate-600">{item.sku}</p>}
                      </div>
                    </div>
                  ),
                },
                { header: t('recovery.quantity'), cell: (item) => item.quantity, align: 'right' },
                {
                  header: t('recovery.unitPrice'),
                  cell: (item) => <Money amount={item.unit_price} currency={c.currency} />,
                  align: 'right',
                  wide: true,
                },
                {
                  header: t('recovery.lineTotal'),
                  cell: (item) => <Money amount={item.unit_price * item.quantity} currency={c.currency} />,
                  align: 'right',
                },
              ]}
            />
            <p className="mt-3 text-right text-sm font-semibold text-slate-900">
              {t('recovery.value')}: <Money amount={c.value} currency={c.currency} />
            </p>
          </Card>
          <Card title={t('recovery.timeline')}>
            <ol className="relative space-y-4 border-l border-slate-200 pl-5">
              {timelineOf(c, t).map((m, i) => (
                <li key={i} className="relative">
                  <span
                    aria-hidden="true"
                    className={`absolute top-1.5 -left-[1.6rem] h-2.5 w-2.5 rounded-full ${DOT[m.tone]}`}
                  />
                  <p className="text-sm font-medium text-slate-900">{m.what}</p>
                  <p className="text-xs text-slate-600">
                    <DateTime value={m.at} />
                    {m.detail && <> · {m.detail}</>}
                  </p>
                </li>
              ))}
            </ol>
          </Card>
        </div>
        <div className="space-y-6">
          <Card title={t('recovery.contact')}>
            <Facts
              items={[
                [t('recovery.contact'), <ContactLine key="c" cart={c} />],
                ...(c.contact?.email && c.contact.phone
                  ? [[t('recovery.phone'), c.contact.phone] as [string, string]]
                  : []),
                [
                  t('recovery.customer'),
                  c.contact?.customer_id ? (
                    <Link
                      key="cu"
                      to="/customers/$customerId"
                      params={{ customerId: c.contact.customer_id }}
                      className="text-indigo-800 underline"
                    >
                      {t('recovery.viewCustomer')}
                    </Link>
                  ) : (
                    t('recovery.guest')
                  ),
                ],
                [t('recovery.device'), c.device ? t(`recovery.device.${c.device}`) : '—'],
              ]}
            />
          </Card>
          <Card title={t('recovery.details')}>
            <Facts
              items={[
                [t('recovery.source'), t(`recovery.source.${c.source}`)],
                [
                  t('recovery.externalId'),
                  <span key="e" className="font-mono text-xs break-all">
                    {c.external_id}
                  </span>,
                ],
                [t('recovery.lastActivity'), <DateTime key="l" value={c.last_activity_at} />],
                [
                  t('recovery.order'),
                  c.order_id ? (
                    isCartonOrder ? (
                      <Link
                        key="o"
                        to="/orders/$orderId"
                        params={{ orderId: c.order_id }}
                        className="text-indigo-800 underline"
                      >
                        {t('recovery.viewOrder')}
                      </Link>
                    ) : (
                      <span key="o" className="font-mono text-xs break-all">
                        {c.order_id}
                      </span>
                    )
                  ) : (
                    '—'
                  ),
                ],
                [
                  t('recovery.recoveredValue'),
                  c.recovered_value === null ? (
                    '—'
                  ) : (
                    <Money key="r" amount={c.recovered_value} currency={c.recovered_currency ?? c.currency} />
                  ),
                ],
                [
                  t('recovery.attribution'),
                  c.attribution ? t(`recovery.attributed.${c.attribution.kind}`) : '—',
                ],
              ]}
            />
          </Card>
          {(c.recovery_link || c.platform_recovery_url) && (
            <Card title={t('recovery.link')}>
              {c.recovery_link && (
                <div className="space-y-2">
                  <label htmlFor="recovery-link" className="block text-sm font-medium text-slate-800">
                    {t('recovery.linkLabel')}
                  </label>
                  <input
                    id="recovery-link"
                    readOnly
                    value={c.recovery_link.url}
                    aria-describedby="recovery-link-hint"
                    className="block w-full rounded-md border border-slate-400 bg-slate-50 px-3 py-2 font-mono text-xs"
                    onFocus={(e) => e.currentTarget.select()}
                  />
                  <p id="recovery-link-hint" className="text-xs text-slate-600">
                    {t('recovery.linkHint')} <DateTime value={c.recovery_link.expires_at} />
                  </p>
                  <Button small onClick={() => void copy(c.recovery_link!.url)}>
                    {t('common.copy')}
                  </Button>
                </div>
              )}
              {c.platform_recovery_url && (
                <p className="mt-3 text-sm">
                  <a
                    href={c.platform_recovery_url}
                    target="_blank"
                    rel="noreferrer noopener"
                    className="text-indigo-800 underline"
                  >
                    {t('recovery.platformLink')}
                  </a>
                </p>
              )}
            </Card>
          )}
        </div>
      </div>
    </Page>
  );
}
