import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, type StaffSession } from '../../../test/identity.ts';
import { rowsOf } from '../customers/testing.ts';

/** The campaigns' admin API over HTTP: the contract the admin console's builder is generated from. */

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
let readOnly: StaffSession;
let other: StaffSession;
let storeId: string;

beforeAll(async () => {
  server = await startTestServer();
  owner = await createStaffSession(server, { role: 'owner' });
  storeId = owner.storeId!;
  readOnly = await createStaffSession(server, { role: 'read_only', storeId });
  other = await createStaffSession(server, { role: 'owner' });
});
afterAll(async () => {
  await server?.close();
});

const BASE = '/admin/v1/recovery/campaigns';
/** The event types of one campaign, in order. */
const typesOf = async (id: string) =>
  (
    await server.platform.db.execute<{ type: string }>(
      sql`SELECT type FROM events WHERE store_id = ${storeId} AND aggregate_id = ${id} ORDER BY sequence`,
    )
  ).rows.map((r) => r.type);
const api = (method: string, path: string, body?: unknown, who: StaffSession = owner) =>
  call(server, method, `${BASE}${path}`, { headers: who.headers, body });

const campaign = (extra: Record<string, unknown> = {}) => ({
  name: 'High-value carts',
  priority: 10,
  trigger: { min_value: 10_000, customer: 'new', sources: ['carton', 'shopify'] },
  steps: [
    { delay_minutes: 30, channel: 'email', template_handle: 'recovery-reminder' },
    {
      delay_minutes: 600,
      channel: 'email',
      variants: [
        { key: 'A', weight: 1, template_handle: 'recovery-reminder' },
        {
          key: 'B',
          weight: 1,
          template_handle: 'recovery-discount',
          discount: { kind: 'percentage', value: 15, expires_in_hours: 48 },
        },
      ],
    },
  ],
  exit: { on_click: true },
  ...extra,
});

describe('campaigns API', () => {
  it('lists the default campaign on the first look: e-mail 1 h, e-mail + 10 % code 24 h, SMS 48 h', async () => {
    const res = await api('GET', '');
    expect(res.status).toBe(200);
    const defaults = res.body.data.filter((c: { is_default: boolean }) => c.is_default);
    expect(defaults).toHaveLength(1);
    expect(defaults[0]).toMatchObject({ status: 'active', name: 'Abandoned cart (default)' });
    expect(defaults[0].steps).toMatchObject([
      { delay_minutes: 60, channel: 'email', template_handle: 'recovery-reminder' },
      { delay_minutes: 1440, channel: 'email', discount: { kind: 'percentage', value: 10 } },
      { delay_minutes: 2880, channel: 'sms', template_handle: 'recovery-sms' },
    ]);
    // Its templates exist, and a second look makes nothing new.
    const templates = await rowsOf(server.platform.db, 'messaging_templates', storeId);
    expect(templates.map((t) => t.handle)).toEqual(
      expect.arrayContaining(['recovery-reminder', 'recovery-sms']),
    );
    expect(
      (await api('GET', '')).body.data.filter((c: { is_default: boolean }) => c.is_default),
    ).toHaveLength(1);
  });

  it('creates a draft, reads, changes, activates, pauses; audited, with events', async () => {
    const created = await api('POST', '', campaign());
    expect(created.status).toBe(201);
    const c = created.body;
    expect(c).toMatchObject({
      status: 'draft',
      priority: 10,
      version: 1,
      is_default: false,
      trigger: {
        min_value: 10_000,
        max_value: null,
        customer: 'new',
        product_ids: [],
        sources: ['carton', 'shopify'],
      },
      exit: { on_click: true },
    });
    expect(c.id).toMatch(/^rcmp_/);
    expect((await api('GET', `/${c.id}`)).body).toEqual(c);

    const patched = await api('PATCH', `/${c.id}`, { name: 'Big carts', priority: 20 });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Big carts', priority: 20, version: 2, steps: c.steps });

    const activated = await api('POST', `/${c.id}/activate`);
    expect(activated.status).toBe(200);
    expect(activated.body.status).toBe('active');
    expect(activated.body.activated_at).not.toBeNull();
    expect((await api('POST', `/${c.id}/activate`)).body.code).toBe('INVALID_STATE_TRANSITION');
    expect((await api('POST', `/${c.id}/pause`)).body.status).toBe('paused');
    expect((await api('DELETE', `/${c.id}`)).status).toBe(409);
    expect((await api('POST', `/${c.id}/activate`)).body.status).toBe('active');

    expect(await typesOf(c.id)).toEqual([
      'campaign.created',
      'campaign.updated',
      'campaign.activated',
      'campaign.paused',
      'campaign.activated',
    ]);
    const audit = await rowsOf(server.platform.db, 'audit_log', storeId, sql`entity_id = ${c.id}`);
    expect(audit.map((a) => a.action).sort()).toEqual(
      [
        'campaign.activated',
        'campaign.activated',
        'campaign.created',
        'campaign.paused',
        'campaign.updated',
      ].sort(),
    );
  });

  it('honours Idempotency-Key on create: a retry answers with the first campaign', async () => {
    const headers = { ...owner.headers, 'idempotency-key': `create-${Date.now()}` };
    const body = campaign({ name: 'Retried' });
    const first = await call(server, 'POST', BASE, { headers, body });
    const again = await call(server, 'POST', BASE, { headers, body });
    expect(first.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const rows = await rowsOf(server.platform.db, 'recovery_campaigns', storeId, sql`name = 'Retried'`);
    expect(rows).toHaveLength(1);
  });

  it('deletes a draft only', async () => {
    const c = (await api('POST', '', campaign({ name: 'Scratch' }))).body;
    expect((await api('DELETE', `/${c.id}`)).status).toBe(204);
    expect((await api('GET', `/${c.id}`)).status).toBe(404);
    expect(await typesOf(c.id)).toEqual(['campaign.created', 'campaign.deleted']);
  });

  it('pages with a cursor, filters by status', async () => {
    const first = await api('GET', '?limit=1');
    expect(first.body.data).toHaveLength(1);
    expect(first.body.next_cursor).toBeTruthy();
    const second = await api('GET', `?limit=1&cursor=${first.body.next_cursor}`);
    expect(second.body.data[0].id < first.body.data[0].id).toBe(true);
    const drafts = await api('GET', '?status=draft');
    expect(drafts.body.data.every((c: { status: string }) => c.status === 'draft')).toBe(true);
    expect((await api('GET', '?cursor=nonsense')).status).toBe(400);
  });

  it('refuses bad input with problem+json naming the field, and changes nothing', async () => {
    const before = (await rowsOf(server.platform.db, 'recovery_campaigns', storeId)).length;
    const cases: [unknown, string][] = [
      [campaign({ steps: [] }), 'body.steps'],
      [
        campaign({ steps: [{ delay_minutes: 10, channel: 'fax', template_handle: 'x' }] }),
        'body.steps.0.channel',
      ],
      [campaign({ steps: [{ delay_minutes: 10, channel: 'email' }] }), 'body.steps.0.template_id'],
      [
        campaign({
          steps: [
            {
              delay_minutes: 10,
              channel: 'email',
              template_handle: 'a',
              discount: { kind: 'percentage', value: 150 },
            },
          ],
        }),
        'body.steps.0.discount.value',
      ],
      [
        campaign({
          steps: [
            { delay_minutes: 100, channel: 'email', template_handle: 'a' },
            { delay_minutes: 10, channel: 'email', template_handle: 'a' },
          ],
        }),
        'body.steps',
      ],
      [campaign({ trigger: { min_value: 500, max_value: 100 } }), 'body.trigger.max_value'],
      [campaign({ name: '' }), 'body.name'],
      [{ ...campaign(), status: 'active' }, 'body'],
    ];
    for (const [body, path] of cases) {
      const res = await api('POST', '', body);
      expect(res.status, path).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((e: { path: string }) => e.path).join(' '), path).toContain(path);
    }
    const unknownTemplate = await api(
      'POST',
      '',
      campaign({ steps: [{ delay_minutes: 10, channel: 'email', template_id: 'mtpl_nope' }] }),
    );
    expect(unknownTemplate.status).toBe(422);
    expect(unknownTemplate.body.errors[0].path).toBe('body.steps.0.template_id');
    expect((await rowsOf(server.platform.db, 'recovery_campaigns', storeId)).length).toBe(before);
  });

  it('checks permissions: read-only staff read but do not manage', async () => {
    expect((await api('GET', '', undefined, readOnly)).status).toBe(200);
    expect((await api('POST', '', campaign(), readOnly)).status).toBe(403);
    expect((await call(server, 'GET', BASE)).status).toBe(401);
  });

  it('keeps stores apart', async () => {
    const mine = (await api('POST', '', campaign({ name: 'Mine' }))).body;
    expect((await api('GET', `/${mine.id}`, undefined, other)).status).toBe(404);
    expect((await api('PATCH', `/${mine.id}`, { name: 'Theirs' }, other)).status).toBe(404);
    expect((await api('POST', `/${mine.id}/activate`, undefined, other)).status).toBe(404);
    expect((await api('GET', `/${mine.id}/runs`, undefined, other)).status).toBe(404);
    const theirs = (await api('GET', '', undefined, other)).body.data;
    expect(theirs.some((c: { id: string }) => c.id === mine.id)).toBe(false);
  });

  it('lists runs (none yet) and is in the OpenAPI document', async () => {
    const c = (await api('POST', '', campaign({ name: 'Runs' }))).body;
    expect((await api('GET', `/${c.id}/runs`)).body).toEqual({ data: [], next_cursor: null });
    const doc = (await call(server, 'GET', '/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        BASE,
        `${BASE}/{campaignId}`,
        `${BASE}/{campaignId}/activate`,
        `${BASE}/{campaignId}/runs`,
      ]),
    );
  });
});
