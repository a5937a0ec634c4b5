import { describe, expect, it } from 'vitest';
import { draftOf, emptyDraft, toCampaignBody, type Campaign } from './campaign-draft.ts';
import { capsBody, capsDraft, channelBody, channelDraft, type ChannelView } from './channel-draft.ts';

/** The console's form ↔ API conversions for campaigns and channels, without a browser. */

const messages = { required: 'required', money: 'money', count: 'count', percent: 'percent' };

describe('campaign drafts', () => {
  it('sends the trigger’s products and categories, and each variant’s discount as chosen', () => {
    const d = emptyDraft();
    d.name = 'Back';
    d.productIds = ['prod_1'];
    d.categoryIds = ['cat_1'];
    const step = d.steps[0]!;
    step.discount = { kind: 'percentage', value: '10', expiresInHours: '72' };
    step.variants = [
      {
        uid: 'a',
        key: 'A',
        weight: '1',
        template: '',
        discount: { kind: 'inherit', value: '', expiresInHours: '72' },
      },
      {
        uid: 'b',
        key: 'B',
        weight: '1',
        template: '',
        discount: { kind: 'none', value: '', expiresInHours: '72' },
      },
      {
        uid: 'c',
        key: 'C',
        weight: '1',
        template: '',
        discount: { kind: 'fixed', value: '5.50', expiresInHours: '24' },
      },
      {
        uid: 'e',
        key: 'E',
        weight: '1',
        template: '',
        discount: { kind: 'free_shipping', value: '', expiresInHours: '12' },
      },
    ];
    const out = toCampaignBody(d, 'USD', messages);
    if (!('body' in out)) throw new Error(JSON.stringify(out.errors));
    expect(out.body.trigger).toMatchObject({ product_ids: ['prod_1'], category_ids: ['cat_1'] });
    const variants = out.body.steps[0]!.variants!;
    expect(variants[0]).not.toHaveProperty('discount');
    expect(variants[1]!.discount).toBeNull();
    expect(variants[2]!.discount).toEqual({ kind: 'fixed', value: 550, expires_in_hours: 24 });
    expect(variants[3]!.discount).toEqual({ kind: 'free_shipping', value: 0, expires_in_hours: 12 });
  });

  it('names a variant’s bad discount by its path, and sends nothing', () => {
    const d = emptyDraft();
    d.name = 'Back';
    d.steps[0]!.variants = [
      {
        uid: 'a',
        key: 'A',
        weight: '1',
        template: '',
        discount: { kind: 'percentage', value: '150', expiresInHours: '72' },
      },
      {
        uid: 'b',
        key: 'B',
        weight: '1',
        template: '',
        discount: { kind: 'fixed', value: '', expiresInHours: 'soon' },
      },
    ];
    const out = toCampaignBody(d, 'USD', messages);
    expect(out).toEqual({
      errors: {
        'steps.0.variants.0.discount.value': 'percent',
        'steps.0.variants.1.discount.value': 'money',
        'steps.0.variants.1.discount.expires': 'count',
      },
    });
  });

  it('reads a stored campaign back into the form as it was', () => {
    const campaign = {
      name: 'Back',
      priority: 2,
      trigger: {
        min_value: null,
        max_value: null,
        customer: 'any',
        product_ids: ['prod_1'],
        category_ids: [],
        sources: [],
      },
      steps: [
        {
          delay_minutes: 60,
          channel: 'email',
          template_handle: 'recovery-reminder',
          discount: null,
          variants: [
            { key: 'A', weight: 1 },
            { key: 'B', weight: 1, discount: null },
            { key: 'C', weight: 1, discount: { kind: 'fixed', value: 500, expires_in_hours: 48 } },
          ],
        },
      ],
      exit: { on_click: false },
    } as unknown as Campaign;
    const d = draftOf(campaign, 'USD');
    expect(d.productIds).toEqual(['prod_1']);
    expect(d.steps[0]!.variants.map((v) => v.discount)).toEqual([
      { kind: 'inherit', value: '', expiresInHours: '72' },
      { kind: 'none', value: '', expiresInHours: '72' },
      { kind: 'fixed', value: '5.00', expiresInHours: '48' },
    ]);
    const again = toCampaignBody(d, 'USD', messages);
    if (!('body' in again)) throw new Error('expected a body');
    expect(again.body.steps[0]!.variants).toEqual([
      { key: 'A', weight: 1 },
      { key: 'B', weight: 1, discount: null },
      { key: 'C', weight: 1, discount: { kind: 'fixed', value: 500, expires_in_hours: 48 } },
    ]);
  });
});

describe('channel drafts', () => {
  const view = (over: Partial<ChannelView>): ChannelView => ({
    channel: 'email',
    provider: 'smtp',
    configured: true,
    config: {},
    credentials: {},
    webhook_urls: {},
    vapid_public_key: null,
    ...over,
  });

  it('sends only the provider’s own fields, typed; a secret left empty is left out (kept)', () => {
    const d = channelDraft(
      view({
        config: { from_email: 'a@b.example', port: 587, secure: true },
        credentials: { password: { set: true, hint: '…' } },
      }),
    );
    expect(d).toEqual({
      provider: 'smtp',
      config: { from_email: 'a@b.example', port: '587', secure: 'true' },
      secrets: {},
    });
    expect(channelBody(d)).toEqual({
      provider: 'smtp',
      config: { from_email: 'a@b.example', port: 587, secure: true },
    });
    d.secrets.password = ' s3cret ';
    d.config.account_sid = 'AC00'; // another provider's field, typed earlier: not sent
    expect(channelBody(d)).toEqual({
      provider: 'smtp',
      config: { from_email: 'a@b.example', port: 587, secure: true },
      credentials: { password: 's3cret' },
    });
    expect(channelBody({ ...d, provider: 'log' })).toEqual({ provider: 'log' });
  });

  it('edits caps in hours and sends only those changed', () => {
    const was = capsDraft({
      frequency_caps: { email: { seconds: 57_600 }, sms: { seconds: 100 }, push: { seconds: 86_400 } },
    });
    expect(was).toEqual({ email: '16', sms: '0.03', push: '24' });
    expect(capsBody({ ...was, email: '1,5' }, was, 'range')).toEqual({
      body: { frequency_caps: { email: { seconds: 5400 } } },
    });
    expect(capsBody({ ...was, push: '-1', email: 'x' }, was, 'range')).toEqual({
      errors: { email: 'range', push: 'range' },
    });
  });
});
