import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { isApiError } from '../../api/errors.ts';
import { useI18n } from '../../i18n/I18n.tsx';
import { formatMoney } from '../../lib/format.ts';
import { useCan, useStore } from '../../lib/me.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Empty, ErrorMessage, Loading, useToast } from '../../ui/feedback.tsx';
import { TextField } from '../../ui/form.tsx';
import { Card, Page } from '../../ui/layout.tsx';
import { Table } from '../../ui/table.tsx';
import { ShippingMethodDialog, type Method, type StockLocation, type Zone } from './ShippingMethodDialog.tsx';

const EVERY_COUNTRY = '*';
const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** What is open: a zone's form (null zone: a new one), a method's (null method: a new one), or a deletion. */
type Editing =
  | { kind: 'zone'; zone: Zone | null }
  | { kind: 'method'; zone: Zone; method: Method | null }
  | { kind: 'deleteZone'; zone: Zone }
  | { kind: 'deleteMethod'; method: Method }
  | null;

/**
 * The store's shipping: zones (where it ships) and each zone's methods (what shoppers there choose
 * from), delivered or picked up at one of the store's locations (click and collect).
 */
export function ShippingSettingsPage() {
  const { t, locale } = useI18n();
  const can = useCan();
  const store = useStore();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Editing>(null);
  const zones = useQuery({
    queryKey: ['shipping', 'zones'],
    queryFn: () => api.get('/admin/v1/shipping/zones', { query: { limit: 200 } }),
  });
  const locations = useQuery({
    queryKey: ['shipping', 'locations'],
    queryFn: () => api.get('/admin/v1/stock-locations', { query: { limit: 200 } }),
  });
  const remove = useMutation({
    mutationFn: async (what: Editing) => {
      if (what?.kind === 'deleteZone')
        await api.delete('/admin/v1/shipping/zones/{zoneId}', { path: { zoneId: what.zone.id } });
      if (what?.kind === 'deleteMethod')
        await api.delete('/admin/v1/shipping/methods/{methodId}', { path: { methodId: what.method.id } });
      return what;
    },
    onSuccess: async (what) => {
      await queryClient.invalidateQueries({ queryKey: ['shipping', 'zones'] });
      toast(t(what?.kind === 'deleteZone' ? 'shipping.zoneDeleted' : 'shipping.methodDeleted'));
      setEditing(null);
    },
  });

  if (zones.isPending) return <Loading />;
  if (!zones.data)
    return (
      <Page title={t('nav.shippingSettings')}>
        <ErrorMessage error={zones.error} />
      </Page>
    );

  const manage = can('shipping.manage');
  const allLocations: StockLocation[] = locations.data?.data ?? [];
  const locationName = (id: string) => allLocations.find((l) => l.id === id)?.name ?? id;
  const storeCurrency = store.data?.currency ?? 'USD';
  const close = () => {
    remove.reset();
    setEditing(null);
  };
  const rateOf = (m: Method) => {
    const r = m.rate;
    if (r.type === 'flat') return formatMoney(r.amount, m.currency, locale);
    const cheapest = Math.min(...r.bands.map((b) => b.amount));
    return t('shipping.rateFrom', {
      kind: t(`shipping.rate.${r.type}`),
      amount: formatMoney(Number.isFinite(cheapest) ? cheapest : 0, m.currency, locale),
    });
  };
  const where = (z: Zone) =>
    [
      z.countries.includes(EVERY_COUNTRY) ? t('shipping.everywhere') : z.countries.join(', '),
      z.regions.join(', '),
      z.postcode_patterns.join(', '),
    ]
      .filter(Boolean)
      .join(' · ');

  return (
    <Page
      title={t('nav.shippingSettings')}
      actions={
        manage && (
          <Button variant="primary" onClick={() => setEditing({ kind: 'zone', zone: null })}>
            {t('shipping.newZone')}
          </Button>
        )
      }
    >
      <p className="text-sm text-slate-700">{t('shipping.intro')}</p>
      {!manage && <p className="text-sm text-slate-700">{t('shipping.readOnly')}</p>}
      <ErrorMessage error={locations.error} />
      {zones.data.data.length === 0 && (
        <Card>
          <Empty>{t('shipping.noZones')}</Empty>
        </Card>
      )}
      {zones.data.data.map((zone) => (
        <Card
          key={zone.id}
          title={zone.name}
          actions={
            manage && (
              <>
                <Button
                  small
                  variant="primary"
                  onClick={() => setEditing({ kind: 'method', zone, method: null })}
                  aria-label={t('shipping.addMethodTo', { zone: zone.name })}
                >
                  {t('shipping.addMethod')}
                </Button>
                <Button
                  small
                  onClick={() => setEditing({ kind: 'zone', zone })}
                  aria-label={t('shipping.editZoneNamed', { name: zone.name })}
                >
                  {t('shipping.editZone')}
                </Button>
                <Button
                  small
                  variant="ghost"
                  onClick={() => setEditing({ kind: 'deleteZone', zone })}
                  aria-label={t('shipping.deleteZoneNamed', { name: zone.name })}
                >
                  {t('common.delete')}
                </Button>
              </>
            )
          }
        >
          <p className="mb-2 text-sm text-slate-600">{where(zone)}</p>
          <Table
            caption={zone.name}
            rows={zone.methods}
            rowKey={(m) => m.id}
            empty={t('shipping.noMethods')}
            columns={[
              {
                header: t('shipping.method'),
                cell: (m) => (
                  <div className="flex flex-wrap items-center gap-1.5">
                    <span className="font-medium">{m.name}</span>
                    {m.pickup && (
                      <Badge tone="violet">
                        {t('shipping.pickupBadge', { location: locationName(m.pickup.location_id) })}
                      </Badge>
                    )}
                    {!m.active && <Badge tone="grey">{t('shipping.inactive')}</Badge>}
                    {m.provider !== 'table' && (
                      <span className="text-xs text-slate-600">
                        {t('shipping.byCarrier', { provider: m.provider })}
                      </span>
                    )}
                  </div>
                ),
              },
              { header: t('shipping.rate'), cell: rateOf },
              {
                header: t('shipping.freeFrom'),
                cell: (m) =>
                  m.free_shipping_threshold === null
                    ? '—'
                    : formatMoney(m.free_shipping_threshold, m.currency, locale),
                wide: true,
              },
              {
                header: t('shipping.delivery'),
                cell: (m) =>
                  m.delivery_estimate
                    ? t('shipping.days', {
                        min: m.delivery_estimate.min_days,
                        max: m.delivery_estimate.max_days,
                      })
                    : '—',
                wide: true,
              },
              {
                header: <span className="sr-only">{t('common.actions')}</span>,
                cell: (m) =>
                  manage && (
                    <div className="flex gap-1">
                      <Button
                        small
                        onClick={() => setEditing({ kind: 'method', zone, method: m })}
                        aria-label={t('shipping.editMethodNamed', { name: m.name })}
                      >
                        {t('common.edit')}
                      </Button>
                      <Button
                        small
                        variant="ghost"
                        onClick={() => setEditing({ kind: 'deleteMethod', method: m })}
                        aria-label={t('shipping.deleteMethodNamed', { name: m.name })}
                      >
                        {t('common.delete')}
                      </Button>
                    </div>
                  ),
              },
            ]}
          />
        </Card>
      ))}

      {editing?.kind === 'zone' && <ZoneDialog zone={editing.zone} onClose={close} />}
      {editing?.kind === 'method' && (
        <ShippingMethodDialog
          zone={editing.zone}
          method={editing.method}
          locations={allLocations}
          storeCurrency={storeCurrency}
          onClose={close}
        />
      )}
      {(editing?.kind === 'deleteZone' || editing?.kind === 'deleteMethod') && (
        <Dialog
          open
          onClose={close}
          title={
            editing.kind === 'deleteZone'
              ? t('shipping.deleteZoneTitle', { name: editing.zone.name })
              : t('shipping.deleteMethodTitle', { name: editing.method.name })
          }
          footer={
            <>
              <Button onClick={close}>{t('common.cancel')}</Button>
              <Button variant="danger" busy={remove.isPending} onClick={() => remove.mutate(editing)}>
                {t('common.delete')}
              </Button>
            </>
          }
        >
          <p className="text-sm text-slate-700">
            {t(editing.kind === 'deleteZone' ? 'shipping.deleteZoneExplain' : 'shipping.deleteMethodExplain')}
          </p>
          <ErrorMessage error={remove.error} />
        </Dialog>
      )}
    </Page>
  );
}

/** Create or change a zone: its name, and the countries, regions and postcodes it covers. */
function ZoneDialog({ zone, onClose }: { zone: Zone | null; onClose: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const formId = useId();
  const [name, setName] = useState(zone?.name ?? '');
  const [countries, setCountries] = useState(zone?.countries.join(', ') ?? '');
  const [regions, setRegions] = useState(zone?.regions.join(', ') ?? '');
  const [postcodes, setPostcodes] = useState(zone?.postcode_patterns.join(', ') ?? '');
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: name.trim(),
        countries: list(countries).map((c) => c.toUpperCase()),
        regions: list(regions),
        postcode_patterns: list(postcodes),
      };
      return zone
        ? api.patch('/admin/v1/shipping/zones/{zoneId}', { path: { zoneId: zone.id }, body })
        : api.post('/admin/v1/shipping/zones', { body });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['shipping', 'zones'] });
      toast(t('shipping.zoneSaved'));
      onClose();
    },
  });
  const err = isApiError(save.error) ? save.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Dialog
      open
      onClose={onClose}
      title={zone ? t('shipping.editZone') : t('shipping.newZone')}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="submit"
            form={formId}
            variant="primary"
            busy={save.isPending}
            disabled={!name.trim() || !countries.trim()}
          >
            {t('common.save')}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-4" noValidate>
        <TextField
          label={t('shipping.zoneName')}
          value={name}
          maxLength={120}
          onChange={(e) => setName(e.target.value)}
          error={err?.fieldErrorWithin('name')}
        />
        <TextField
          label={t('shipping.countries')}
          value={countries}
          onChange={(e) => setCountries(e.target.value)}
          error={err?.fieldErrorWithin('countries')}
          hint={t('shipping.countriesHint')}
        />
        <TextField
          label={t('shipping.regions')}
          value={regions}
          onChange={(e) => setRegions(e.target.value)}
          error={err?.fieldErrorWithin('regions')}
          hint={t('shipping.regionsHint')}
        />
        <TextField
          label={t('shipping.postcodes')}
          value={postcodes}
          onChange={(e) => setPostcodes(e.target.value)}
          error={err?.fieldErrorWithin('postcode_patterns')}
          hint={t('shipping.postcodesHint')}
        />
        <ErrorMessage error={save.error} />
      </form>
    </Dialog>
  );
}
