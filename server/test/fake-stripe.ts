import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';

/**
 * A local HTTP server (127.0.0.1, random port) that answers as Stripe's API does for what Carton
 * uses: PaymentIntents (create + confirm with manual capture, retrieve, capture, cancel) and
 * refunds. Like Stripe it wants `Authorization: Bearer sk_…` and form-encoded bodies, answers
 * JSON with Stripe's shapes and error objects (card errors are 402 with a `decline_code`), and
 * keeps the first answer to every `Idempotency-Key` — replayed with `Idempotent-Replayed: true`,
 * refused with 400 `idempotency_error` when the parameters differ, 409 while the first request
 * is still running.
 *
 * Test payment methods, like Stripe's: `tok_visa` / `pm_card_visa` succeed;
 * `tok_chargeDeclined…` / `pm_card_chargeDeclined…` decline with their reason;
 * `tok_threeDSecureRequired` / `pm_card_threeDSecureRequired` need a challenge
 * (`completeChallenge`). `delayAnswers(ms)` makes the server do the work and then answer late,
 * to play a lost answer. Saved cards: Customers (create, delete), PaymentMethods made from a
 * token and attached to (or detached from) a Customer — attaching a declining card fails as
 * Stripe's bank check does — and a PaymentIntent paid with an attached card needs its `customer`.
 *
 * For the browser: a stand-in of Stripe.js at `GET /v3/` (`Stripe(publishableKey)` with
 * `elements().create('card')`, `createPaymentMethod` and `confirmCardSetup`), whose card element is
 * plain inputs; it sends the card number to this server (`POST /v1/payment_methods`, `POST
 * /v1/setup_intents/:id/confirm`, the only calls a publishable key `pk_test_…` may make), never to
 * the page's own server. Stripe's test numbers stand for the test cards (4242 4242 4242 4242 → visa,
 * 4000 0000 0000 0002 → declined, …). Answers carry CORS headers, as Stripe's do.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  form: Record<string, string>;
}

interface Answer {
  status: number;
  body: unknown;
}

type Pi = {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  currency: string;
  status: string;
  capture_method: string;
  payment_method: string | null;
  next_action: unknown;
  last_payment_error: unknown;
  metadata: Record<string, string>;
  latest_charge: string | null;
  created: number;
  /** Not Stripe's: what was refunded, to refuse over-refunds. */
  refunded: number;
};

const DECLINES: Record<string, { code: string; decline_code: string; message: string }> = {
  chargeDeclined: {
    code: 'card_declined',
    decline_code: 'generic_decline',
    message: 'Your card was declined.',
  },
  chargeDeclinedInsufficientFunds: {
    code: 'card_declined',
    decline_code: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  chargeDeclinedExpiredCard: {
    code: 'expired_card',
    decline_code: 'expired_card',
    message: 'Your card has expired.',
  },
  chargeDeclinedIncorrectCvc: {
    code: 'incorrect_cvc',
    decline_code: 'incorrect_cvc',
    message: "Your card's security code is incorrect.",
  },
  chargeDeclinedLostCard: {
    code: 'card_declined',
    decline_code: 'lost_card',
    message: 'Your card was declined.',
  },
  chargeDeclinedStolenCard: {
    code: 'card_declined',
    decline_code: 'stolen_card',
    message: 'Your card was declined.',
  },
  chargeDeclinedProcessingError: {
    code: 'processing_error',
    decline_code: 'processing_error',
    message: 'An error occurred while processing your card. Try again in a little bit.',
  },
};

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/** The cards behind Stripe's test tokens: brand and last four digits. */
const CARDS: Record<string, { brand: string; last4: string }> = {
  visa: { brand: 'visa', last4: '4242' },
  mastercard: { brand: 'mastercard', last4: '4444' },
  threeDSecureRequired: { brand: 'visa', last4: '3220' },
  chargeDeclined: { brand: 'visa', last4: '0002' },
  chargeDeclinedInsufficientFunds: { brand: 'visa', last4: '9995' },
  chargeDeclinedExpiredCard: { brand: 'visa', last4: '0069' },
};

/** Stripe's test card numbers, as typed into Stripe.js: the test card each stands for. */
const TEST_NUMBERS: Record<string, string> = {
  '4242424242424242': 'visa',
  '5555555555554444': 'mastercard',
  '4000000000003220': 'threeDSecureRequired',
  '4000000000000002': 'chargeDeclined',
  '4000000000009995': 'chargeDeclinedInsufficientFunds',
  '4000000000000069': 'chargeDeclinedExpiredCard',
};

type Pm = {
  id: string;
  object: 'payment_method';
  type: 'card';
  card: { brand: string; last4: string; exp_month: number; exp_year: number; fingerprint: string };
  customer: string | null;
  /** Not Stripe's: which test card it is. */
  kind: string;
};

/** Stripe answers browsers from any page. */
const CORS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, idempotency-key, stripe-version',
};

/**
 * The stand-in of Stripe.js served at `/v3/`: `window.Stripe(publishableKey)` with what Carton
 * uses. Real Stripe draws the card element in an iframe of its own; here plain inputs (labelled
 * "Card number", "Expiry", "CVC") stand for it, and what is typed goes to `api` only.
 */
function stripeJs(api: string): string {
  return `(function () {
  'use strict';
  var API = ${JSON.stringify(api)};
  var mounted = 0;
  function digits(s) { return String(s || '').replace(/\\D/g, ''); }
  function luhn(n) {
    var sum = 0;
    for (var i = 0; i < n.length; i++) {
      var d = Number(n[n.length - 1 - i]);
      if (i % 2) { d *= 2; if (d > 9) d -= 9; }
      sum += d;
    }
    return n.length >= 12 && sum % 10 === 0;
  }
  function form(params) {
    return Object.keys(params)
      .filter(function (k) { return params[k] !== undefined && params[k] !== null && params[k] !== ''; })
      .map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(params[k]); })
      .join('&');
  }
  function post(key, path, params) {
    return fetch(API + path, {
      method: 'POST',
      headers: { authorization: 'Bearer ' + key, 'content-type': 'application/x-www-form-urlencoded' },
      body: form(params),
    })
      .then(function (res) { return res.json(); })
      .catch(function () {
        return { error: { type: 'api_connection_error', message: 'We could not reach Stripe. Check your connection and try again.' } };
      });
  }
  function validationError(code, message) {
    return { type: 'validation_error', code: code, message: message };
  }

  function CardElement(options) {
    this.options = options || {};
    this.listeners = {};
    this.node = null;
    this.inputs = null;
  }
  CardElement.prototype.mount = function (target) {
    var node = typeof target === 'string' ? document.querySelector(target) : target;
    if (!node) throw new Error('Stripe.js: nothing to mount the card element on (' + target + ')');
    var self = this;
    var n = ++mounted;
    var box = document.createElement('div');
    box.className = 'StripeElement StripeElement--empty';
    box.setAttribute('data-stripe-stand-in', 'card');
    box.style.cssText = 'display:flex;flex-wrap:wrap;gap:8px;';
    function field(name, label, autocomplete, placeholder, width) {
      var wrap = document.createElement('label');
      wrap.setAttribute('for', 'stripe-card-' + name + '-' + n);
      wrap.style.cssText = 'display:flex;flex-direction:column;gap:2px;font-size:14px;flex:' + width + ';min-width:0;';
      var text = document.createElement('span');
      text.textContent = label;
      var input = document.createElement('input');
      input.id = 'stripe-card-' + name + '-' + n;
      input.name = 'stripe-card-' + name;
      input.setAttribute('inputmode', 'numeric');
      input.setAttribute('autocomplete', autocomplete);
      input.setAttribute('placeholder', placeholder);
      input.style.cssText = 'border:1px solid #a8a29e;border-radius:6px;padding:8px;font-size:16px;width:100%;box-sizing:border-box;';
      input.addEventListener('input', function () { self._changed(); });
      wrap.appendChild(text);
      wrap.appendChild(input);
      box.appendChild(wrap);
      return input;
    }
    this.inputs = {
      number: field('number', 'Card number', 'cc-number', '1234 1234 1234 1234', '1 1 100%'),
      expiry: field('expiry', 'Expiry', 'cc-exp', 'MM / YY', '1 1 40%'),
      cvc: field('cvc', 'CVC', 'cc-csc', 'CVC', '1 1 40%'),
    };
    node.appendChild(box);
    this.node = box;
    this._emit('ready', { elementType: 'card' });
  };
  CardElement.prototype._read = function () {
    var i = this.inputs;
    if (!i) return { error: validationError('incomplete_number', 'Your card number is incomplete.') };
    var number = digits(i.number.value);
    var exp = /^\\s*(\\d{1,2})\\s*\\/?\\s*(\\d{2}|\\d{4})\\s*$/.exec(i.expiry.value);
    var cvc = digits(i.cvc.value);
    if (number.length < 12) return { error: validationError('incomplete_number', 'Your card number is incomplete.') };
    if (!luhn(number)) return { error: validationError('invalid_number', 'Your card number is invalid.') };
    if (!exp) return { error: validationError('incomplete_expiry', "Your card's expiration date is incomplete.") };
    if (cvc.length < 3) return { error: validationError('incomplete_cvc', "Your card's security code is incomplete.") };
    return { card: { number: number, exp_month: exp[1], exp_year: exp[2], cvc: cvc } };
  };
  CardElement.prototype._changed = function () {
    var i = this.inputs;
    var empty = !i.number.value && !i.expiry.value && !i.cvc.value;
    var read = this._read();
    var number = digits(i.number.value);
    // Like Stripe: an error only once the number is long enough to judge.
    var error = read.error && read.error.code === 'invalid_number' && number.length >= 16 ? read.error : undefined;
    if (this.node) this.node.className = 'StripeElement' + (empty ? ' StripeElement--empty' : '') + (read.card ? ' StripeElement--complete' : '') + (error ? ' StripeElement--invalid' : '');
    this._emit('change', { elementType: 'card', empty: empty, complete: !!read.card, error: error, brand: number[0] === '4' ? 'visa' : number[0] === '5' ? 'mastercard' : 'unknown' });
  };
  CardElement.prototype._emit = function (event, payload) {
    (this.listeners[event] || []).forEach(function (cb) { cb(payload); });
  };
  CardElement.prototype.on = function (event, cb) {
    (this.listeners[event] = this.listeners[event] || []).push(cb);
    return this;
  };
  CardElement.prototype.off = function (event, cb) {
    this.listeners[event] = (this.listeners[event] || []).filter(function (f) { return f !== cb; });
    return this;
  };
  CardElement.prototype.focus = function () { if (this.inputs) this.inputs.number.focus(); };
  CardElement.prototype.clear = function () {
    if (!this.inputs) return;
    this.inputs.number.value = this.inputs.expiry.value = this.inputs.cvc.value = '';
    this._changed();
  };
  CardElement.prototype.unmount = function () {
    if (this.node && this.node.parentNode) this.node.parentNode.removeChild(this.node);
    this.node = null;
    this.inputs = null;
  };
  CardElement.prototype.destroy = CardElement.prototype.unmount;
  CardElement.prototype.update = function (options) { this.options = Object.assign({}, this.options, options); };

  function cardParams(prefix, card) {
    var p = {};
    p[prefix + '[number]'] = card.number;
    p[prefix + '[exp_month]'] = card.exp_month;
    p[prefix + '[exp_year]'] = card.exp_year;
    p[prefix + '[cvc]'] = card.cvc;
    return p;
  }

  window.Stripe = function Stripe(publishableKey) {
    if (!(this instanceof Stripe)) return new Stripe(publishableKey);
    if (!/^pk_/.test(String(publishableKey)))
      throw new Error('Invalid value for Stripe(): apiKey should be a publishable key (pk_…).');
    var key = publishableKey;
    this.elements = function () {
      return {
        create: function (type, options) {
          if (type !== 'card') throw new Error('Stripe.js stand-in: only the card element is there');
          return new CardElement(options);
        },
      };
    };
    this.createPaymentMethod = function (data, element) {
      var card = data && typeof data === 'object' ? data.card : element;
      if (!(card instanceof CardElement)) return Promise.resolve({ error: validationError('invalid_request', 'Give createPaymentMethod a card element.') });
      var read = card._read();
      if (read.error) return Promise.resolve({ error: read.error });
      var params = cardParams('card', read.card);
      params.type = 'card';
      return post(key, '/v1/payment_methods', params).then(function (body) {
        return body.error ? { error: body.error } : { paymentMethod: body };
      });
    };
    this.confirmCardSetup = function (clientSecret, data) {
      var id = String(clientSecret).split('_secret_')[0];
      var card = data && data.payment_method && data.payment_method.card;
      if (!(card instanceof CardElement)) return Promise.resolve({ error: validationError('invalid_request', 'Give confirmCardSetup a card element.') });
      var read = card._read();
      if (read.error) return Promise.resolve({ error: read.error });
      var params = cardParams('payment_method_data[card]', read.card);
      params['payment_method_data[type]'] = 'card';
      params.client_secret = clientSecret;
      return post(key, '/v1/setup_intents/' + encodeURIComponent(id) + '/confirm', params).then(function (body) {
        return body.error ? { error: body.error } : { setupIntent: body };
      });
    };
  };
  window.Stripe.version = 3;
})();
`;
}

export async function startFakeStripe(options: { secretKey?: string; publishableKey?: string } = {}) {
  const secretKey = options.secretKey ?? `sk_test_${randomBytes(12).toString('hex')}`;
  const publishableKey = options.publishableKey ?? `pk_test_${randomBytes(12).toString('hex')}`;
  const requests: RecordedRequest[] = [];
  const paymentIntents = new Map<string, Pi>();
  const refunds = new Map<string, Record<string, unknown>>();
  /** Disputes, as Stripe's API shows them (`evidence` what the merchant submitted). */
  const disputes = new Map<
    string,
    {
      id: string;
      object: 'dispute';
      amount: number;
      currency: string;
      reason: string;
      status: string;
      payment_intent: string;
      evidence: Record<string, string>;
      evidence_details: { due_by: number; submission_count: number };
    }
  >();

  /** POST /v1/disputes/:id (evidence, `submit`) and /v1/disputes/:id/close, as Stripe's test mode answers them. */
  function disputeRoute(method: string, path: string, form: Record<string, string>): Answer | null {
    const m = /^\/v1\/disputes\/([^/]+)(\/close)?$/.exec(path);
    if (method !== 'POST' || !m) return null;
    const dispute = disputes.get(decodeURIComponent(m[1]!));
    if (!dispute) return invalid(`No such dispute: '${m[1]}'`, 'resource_missing', 'dispute');
    if (!['needs_response', 'warning_needs_response'].includes(dispute.status)) {
      return invalid('This dispute is already closed or under review.', 'dispute_already_closed');
    }
    if (m[2]) {
      dispute.status = 'lost';
      return { status: 200, body: dispute };
    }
    for (const [key, value] of Object.entries(form)) {
      const field = /^evidence\[([a-z_]+)\]$/.exec(key);
      if (field) dispute.evidence[field[1]!] = value;
    }
    if (form.submit === 'true') {
      dispute.evidence_details.submission_count++;
      const text = dispute.evidence.uncategorized_text ?? '';
      dispute.status = text.includes('winning_evidence')
        ? 'won'
        : text.includes('losing_evidence')
          ? 'lost'
          : 'under_review';
    }
    return { status: 200, body: dispute };
  }
  const customers = new Map<string, { id: string; object: 'customer'; metadata: Record<string, string> }>();
  const paymentMethods = new Map<string, Pm>();
  const setupIntents = new Map<
    string,
    {
      id: string;
      object: 'setup_intent';
      client_secret: string;
      customer: string;
      usage: string;
      status: string;
      payment_method: string | null;
    }
  >();
  const idempotent = new Map<string, { fingerprint: string; answer: Answer | null }>();
  let delayMs = 0;
  let baseUrl = '';

  const error = (status: number, err: Record<string, unknown>): Answer => ({ status, body: { error: err } });
  const invalid = (message: string, code?: string, param?: string): Answer =>
    error(400, {
      type: 'invalid_request_error',
      message,
      ...(code ? { code } : {}),
      ...(param ? { param } : {}),
    });
  const publicPi = (pi: Pi) => {
    const { refunded: _refunded, ...rest } = pi;
    return rest;
  };

  /** `expand[]=payment_method`: the PaymentMethod as an object, with its card. */
  function expanded(form: Record<string, string>, kind: string, pi: ReturnType<typeof publicPi>) {
    const card = CARDS[kind];
    if (form['expand[0]'] !== 'payment_method' || !card || typeof pi.payment_method !== 'string') return pi;
    return { ...pi, payment_method: { id: pi.payment_method, object: 'payment_method', card: { ...card } } };
  }

  function createPaymentIntent(form: Record<string, string>): Answer {
    const amount = Number(form.amount);
    if (!Number.isInteger(amount) || amount < 1)
      return invalid('Invalid integer: amount', 'parameter_invalid_integer', 'amount');
    if (!/^[a-z]{3}$/.test(form.currency ?? ''))
      return invalid('Invalid currency', 'parameter_invalid', 'currency');
    const method = form.payment_method ?? form['payment_method_data[card][token]'];
    if (!method) return invalid('You must provide a payment method.', 'parameter_missing', 'payment_method');
    const saved = paymentMethods.get(method);
    if (saved?.customer && saved.customer !== form.customer) {
      return invalid(
        `The provided PaymentMethod belongs to a Customer; pass customer=${saved.customer} to use it.`,
        'payment_method_invalid_parameter',
        'customer',
      );
    }
    const kind = saved ? saved.kind : method.replace(/^(tok_|pm_card_)/, '');
    const pi: Pi = {
      id: id('pi'),
      object: 'payment_intent',
      amount,
      amount_capturable: 0,
      amount_received: 0,
      currency: form.currency!,
      status: 'requires_payment_method',
      capture_method: form.capture_method ?? 'automatic',
      payment_method: saved?.id ?? id('pm'),
      next_action: null,
      last_payment_error: null,
      metadata: Object.fromEntries(
        Object.entries(form)
          .filter(([k]) => k.startsWith('metadata['))
          .map(([k, v]) => [k.slice(9, -1), v]),
      ),
      latest_charge: null,
      created: Math.floor(Date.now() / 1000),
      refunded: 0,
    };
    if (kind === 'visa' || kind === 'mastercard') {
      paymentIntents.set(pi.id, pi);
      authorize(pi);
      return { status: 200, body: expanded(form, kind, publicPi(pi)) };
    }
    if (kind === 'threeDSecureRequired' && form.off_session === 'true') {
      pi.last_payment_error = {
        type: 'card_error',
        code: 'authentication_required',
        decline_code: 'authentication_required',
        message: 'Your card was declined. This transaction requires authentication.',
      };
      paymentIntents.set(pi.id, pi);
      return error(402, {
        type: 'card_error',
        code: 'authentication_required',
        decline_code: 'authentication_required',
        message: 'Your card was declined. This transaction requires authentication.',
        payment_intent: publicPi(pi),
      });
    }
    if (kind === 'threeDSecureRequired') {
      pi.status = 'requires_action';
      pi.next_action = form.return_url
        ? {
            type: 'redirect_to_url',
            redirect_to_url: { url: `${baseUrl}/3ds/${pi.id}`, return_url: form.return_url },
          }
        : { type: 'use_stripe_sdk', use_stripe_sdk: {} };
      paymentIntents.set(pi.id, pi);
      return { status: 200, body: expanded(form, kind, publicPi(pi)) };
    }
    const decline = DECLINES[kind];
    if (decline) {
      pi.last_payment_error = { type: 'card_error', ...decline };
      paymentIntents.set(pi.id, pi);
      return error(402, {
        type: 'card_error',
        ...decline,
        charge: id('ch'),
        payment_intent: publicPi(pi),
      });
    }
    return invalid(`No such PaymentMethod: '${method}'`, 'resource_missing', 'payment_method');
  }

  function authorize(pi: Pi): void {
    pi.status = pi.capture_method === 'manual' ? 'requires_capture' : 'succeeded';
    pi.amount_capturable = pi.capture_method === 'manual' ? pi.amount : 0;
    pi.amount_received = pi.capture_method === 'manual' ? 0 : pi.amount;
    pi.latest_charge = id('ch');
    pi.next_action = null;
  }

  function unexpectedState(pi: Pi, action: string): Answer {
    return invalid(
      `You cannot ${action} this PaymentIntent because it has a status of ${pi.status}.`,
      'payment_intent_unexpected_state',
    );
  }

  /** A PaymentMethod from a card typed into Stripe.js (`<prefix>[number]`, `[exp_month]`, …): not yet saved. */
  function cardFromNumber(form: Record<string, string>, prefix: string): Pm | Answer {
    const number = (form[`${prefix}[number]`] ?? '').replace(/\s+/g, '');
    const kind = TEST_NUMBERS[number];
    const cardError = (code: string, message: string, param: string): Answer =>
      error(402, { type: 'card_error', code, message, param });
    if (!kind) return cardError('incorrect_number', 'Your card number is incorrect.', 'number');
    const expMonth = Number(form[`${prefix}[exp_month]`] ?? 12);
    const rawYear = Number(form[`${prefix}[exp_year]`] ?? 2030);
    const expYear = rawYear < 100 ? 2000 + rawYear : rawYear;
    if (!Number.isInteger(expMonth) || expMonth < 1 || expMonth > 12)
      return cardError('invalid_expiry_month', "Your card's expiration month is invalid.", 'exp_month');
    const now = new Date();
    if (
      !Number.isInteger(expYear) ||
      expYear < now.getUTCFullYear() ||
      (expYear === now.getUTCFullYear() && expMonth < now.getUTCMonth() + 1)
    )
      return cardError('invalid_expiry_year', "Your card's expiration year is invalid.", 'exp_year');
    return newCard(kind, null, expMonth, expYear);
  }

  /** A PaymentMethod of a test card kind (`visa`, `chargeDeclined`, …), kept by this stand-in. */
  function newCard(kind: string, customer: string | null, expMonth = 12, expYear = 2030): Pm {
    const pm: Pm = {
      id: id('pm'),
      object: 'payment_method',
      type: 'card',
      card: { ...CARDS[kind]!, exp_month: expMonth, exp_year: expYear, fingerprint: `fp_${kind}` },
      customer,
      kind,
    };
    paymentMethods.set(pm.id, pm);
    return pm;
  }

  function paymentMethodRoute(method: string, path: string, form: Record<string, string>): Answer | null {
    if (method === 'POST' && path === '/v1/customers') {
      const customer = {
        id: id('cus'),
        object: 'customer' as const,
        metadata: Object.fromEntries(
          Object.entries(form)
            .filter(([k]) => k.startsWith('metadata['))
            .map(([k, v]) => [k.slice(9, -1), v]),
        ),
      };
      customers.set(customer.id, customer);
      return { status: 200, body: customer };
    }
    const c = /^\/v1\/customers\/([^/]+)$/.exec(path);
    if (c && method === 'DELETE') {
      const cid = decodeURIComponent(c[1]!);
      if (!customers.delete(cid))
        return error(404, {
          type: 'invalid_request_error',
          code: 'resource_missing',
          message: `No such customer: '${cid}'`,
        });
      for (const pm of paymentMethods.values()) if (pm.customer === cid) pm.customer = null;
      return { status: 200, body: { id: cid, object: 'customer', deleted: true } };
    }
    if (method === 'POST' && path === '/v1/setup_intents') {
      if (!customers.has(form.customer ?? ''))
        return invalid(`No such customer: '${form.customer}'`, 'resource_missing', 'customer');
      const seti = id('seti');
      const setup = {
        id: seti,
        object: 'setup_intent' as const,
        client_secret: `${seti}_secret_${randomBytes(8).toString('hex')}`,
        customer: form.customer!,
        usage: form.usage ?? 'off_session',
        status: 'requires_payment_method',
        payment_method: null,
      };
      setupIntents.set(seti, setup);
      return { status: 200, body: setup };
    }
    const g = /^\/v1\/payment_methods\/([^/]+)$/.exec(path);
    if (g && method === 'GET') {
      const pm = paymentMethods.get(decodeURIComponent(g[1]!));
      return pm
        ? { status: 200, body: pm }
        : error(404, {
            type: 'invalid_request_error',
            code: 'resource_missing',
            message: `No such PaymentMethod: '${g[1]}'`,
          });
    }
    if (method === 'POST' && path === '/v1/payment_methods') {
      if (form['card[number]'] !== undefined) {
        const made = cardFromNumber(form, 'card');
        return 'status' in made ? made : { status: 200, body: made };
      }
      const kind = (form['card[token]'] ?? '').replace(/^tok_/, '');
      const card = CARDS[kind];
      if (form.type !== 'card' || !card)
        return invalid(`No such token: '${form['card[token]']}'`, 'resource_missing', 'card[token]');
      return { status: 200, body: newCard(kind, null) };
    }
    const confirm = /^\/v1\/setup_intents\/([^/]+)\/confirm$/.exec(path);
    if (confirm && method === 'POST') {
      const setup = setupIntents.get(decodeURIComponent(confirm[1]!));
      if (!setup || (form.client_secret !== undefined && form.client_secret !== setup.client_secret))
        return error(404, {
          type: 'invalid_request_error',
          code: 'resource_missing',
          message: `No such setupintent: '${confirm[1]}'`,
        });
      if (setup.status === 'succeeded')
        return invalid(
          'You cannot confirm this SetupIntent because it has already succeeded.',
          'setup_intent_unexpected_state',
        );
      const made = cardFromNumber(form, 'payment_method_data[card]');
      if ('status' in made) return made;
      // The bank's check: a declining card is not set up.
      const decline = DECLINES[made.kind];
      if (decline) {
        const setupError = { type: 'card_error', ...decline };
        return error(402, { ...setupError, setup_intent: { ...setup, last_setup_error: setupError } });
      }
      made.customer = setup.customer;
      setup.status = 'succeeded';
      setup.payment_method = made.id;
      return { status: 200, body: setup };
    }
    const m = /^\/v1\/payment_methods\/([^/]+)\/(attach|detach)$/.exec(path);
    if (m && method === 'POST') {
      const pm = paymentMethods.get(decodeURIComponent(m[1]!));
      if (!pm) return invalid(`No such PaymentMethod: '${m[1]}'`, 'resource_missing');
      if (m[2] === 'detach') {
        if (!pm.customer)
          return invalid(
            'The payment method you provided is not attached to a customer.',
            'payment_method_unexpected_state',
          );
        pm.customer = null;
        return { status: 200, body: pm };
      }
      if (!customers.has(form.customer ?? ''))
        return invalid(`No such customer: '${form.customer}'`, 'resource_missing', 'customer');
      const decline = DECLINES[pm.kind];
      if (decline) return error(402, { type: 'card_error', ...decline });
      pm.customer = form.customer!;
      return { status: 200, body: pm };
    }
    return null;
  }

  function route(method: string, path: string, form: Record<string, string>): Answer {
    const saving = paymentMethodRoute(method, path, form) ?? disputeRoute(method, path, form);
    if (saving) return saving;
    if (method === 'POST' && path === '/v1/payment_intents') return createPaymentIntent(form);
    if (method === 'POST' && path === '/v1/refunds') {
      const pi = paymentIntents.get(form.payment_intent ?? '');
      if (!pi)
        return invalid(
          `No such payment_intent: '${form.payment_intent}'`,
          'resource_missing',
          'payment_intent',
        );
      if (pi.status !== 'succeeded')
        return invalid(
          'This PaymentIntent does not have a successful charge to refund.',
          'charge_not_refundable',
        );
      const amount = form.amount === undefined ? pi.amount_received - pi.refunded : Number(form.amount);
      if (pi.refunded + amount > pi.amount_received) {
        return invalid(
          `Refund amount (${amount}) is greater than unrefunded amount on charge.`,
          'amount_too_large',
          'amount',
        );
      }
      pi.refunded += amount;
      const refund = {
        id: id('re'),
        object: 'refund',
        amount,
        currency: pi.currency,
        payment_intent: pi.id,
        charge: pi.latest_charge,
        status: 'succeeded',
        reason: form.reason ?? null,
        metadata: {},
      };
      refunds.set(refund.id, refund);
      return { status: 200, body: refund };
    }
    const m = /^\/v1\/payment_intents\/([^/]+)(?:\/(capture|cancel))?$/.exec(path);
    if (m) {
      const pi = paymentIntents.get(decodeURIComponent(m[1]!));
      if (!pi)
        return error(404, {
          type: 'invalid_request_error',
          code: 'resource_missing',
          message: `No such payment_intent: '${m[1]}'`,
        });
      if (method === 'GET' && !m[2]) return { status: 200, body: publicPi(pi) };
      if (method === 'POST' && m[2] === 'capture') {
        if (pi.status !== 'requires_capture') return unexpectedState(pi, 'capture');
        const amount = form.amount_to_capture === undefined ? pi.amount : Number(form.amount_to_capture);
        if (amount > pi.amount_capturable) {
          return invalid(
            'The amount to capture is greater than the amount capturable.',
            'amount_too_large',
            'amount_to_capture',
          );
        }
        pi.status = 'succeeded';
        pi.amount_received = amount;
        pi.amount_capturable = 0;
        return { status: 200, body: publicPi(pi) };
      }
      if (method === 'POST' && m[2] === 'cancel') {
        if (
          ![
            'requires_payment_method',
            'requires_capture',
            'requires_confirmation',
            'requires_action',
          ].includes(pi.status)
        ) {
          return unexpectedState(pi, 'cancel');
        }
        pi.status = 'canceled';
        pi.amount_capturable = 0;
        pi.next_action = null;
        return { status: 200, body: publicPi(pi) };
      }
    }
    return error(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path}).`,
    });
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '/').split('?')[0]!;
      const method = req.method ?? 'GET';
      const form = Object.fromEntries(new URLSearchParams(text));
      requests.push({ method, path, headers: req.headers, form });
      const send = (answer: Answer, headers: Record<string, string> = {}) => {
        const reply = () => {
          if (res.destroyed) return;
          res.writeHead(answer.status, {
            'content-type': 'application/json',
            'request-id': id('req'),
            ...CORS,
            ...headers,
          });
          res.end(JSON.stringify(answer.body));
        };
        if (delayMs > 0) setTimeout(reply, delayMs);
        else reply();
      };
      // A browser's preflight, and Stripe.js itself: no key.
      if (method === 'OPTIONS') {
        res.writeHead(204, { ...CORS, 'access-control-max-age': '600' });
        return res.end();
      }
      if (method === 'GET' && (path === '/v3/' || path === '/v3')) {
        res.writeHead(200, {
          ...CORS,
          'content-type': 'application/javascript; charset=utf-8',
          'cache-control': 'no-store',
        });
        return res.end(stripeJs(baseUrl));
      }
      // A publishable key makes only what Stripe.js makes in the shopper's browser.
      const browserCall =
        method === 'POST' &&
        (path === '/v1/payment_methods' || /^\/v1\/setup_intents\/[^/]+\/confirm$/.test(path));
      const authorization = req.headers.authorization;
      const keyed =
        authorization === `Bearer ${secretKey}` ||
        (browserCall && authorization === `Bearer ${publishableKey}`);
      if (!keyed) {
        return send(
          error(401, {
            type: 'invalid_request_error',
            message: `Invalid API Key provided: ${String(req.headers.authorization).slice(7, 15)}****`,
          }),
        );
      }
      if (
        method === 'POST' &&
        text &&
        !String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')
      ) {
        return send(invalid('Stripe takes form-encoded bodies.'));
      }
      const key = req.headers['idempotency-key'];
      if (method !== 'POST' || typeof key !== 'string') return send(route(method, path, form));
      const fingerprint = createHash('sha256')
        .update(`${method} ${path} ${new URLSearchParams(form).toString()}`)
        .digest('hex');
      const seen = idempotent.get(key);
      if (seen) {
        if (seen.fingerprint !== fingerprint) {
          return send(
            error(400, {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
            }),
          );
        }
        if (!seen.answer) {
          return send(
            error(409, {
              type: 'idempotency_error',
              code: 'idempotency_key_in_use',
              message: 'There is currently another in-progress request using this Idempotent Key.',
            }),
          );
        }
        return send(seen.answer, { 'idempotent-replayed': 'true', 'original-request': 'req_original' });
      }
      const entry: { fingerprint: string; answer: Answer | null } = { fingerprint, answer: null };
      idempotent.set(key, entry);
      const answer = route(method, path, form);
      entry.answer = answer;
      send(answer, { 'idempotency-key': key });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    secretKey,
    /** The key Stripe.js (the stand-in at `${url}/v3/`) is given in the browser. */
    publishableKey,
    requests,
    paymentIntents,
    refunds,
    customers,
    paymentMethods,
    /** Do the work, then answer `ms` late (0: on time). */
    delayAnswers(ms: number) {
      delayMs = ms;
    },
    /**
     * What Stripe.js's confirmCardSetup does in the shopper's browser: the card behind `token`
     * confirmed through the SetupIntent and attached to its customer. Returns the PaymentMethod's id.
     */
    confirmSetup(clientSecret: string, token: string): string {
      const setup = [...setupIntents.values()].find((s) => s.client_secret === clientSecret);
      const kind = token.replace(/^tok_/, '');
      const card = CARDS[kind];
      if (!setup || !card) throw new Error('no such SetupIntent or card');
      const pm = newCard(kind, setup.customer);
      setup.status = 'succeeded';
      setup.payment_method = pm.id;
      return pm.id;
    },
    /** The shopper completes (or fails) the 3-D Secure challenge of a PaymentIntent. */
    completeChallenge(piId: string, ok: boolean) {
      const pi = paymentIntents.get(piId);
      if (!pi || pi.status !== 'requires_action') throw new Error(`${piId} awaits no challenge`);
      if (ok) authorize(pi);
      else {
        pi.status = 'requires_payment_method';
        pi.next_action = null;
        pi.last_payment_error = {
          type: 'card_error',
          code: 'payment_intent_authentication_failure',
          message:
            'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
        };
      }
      return publicPi(pi);
    },
    disputes,
    /** The cardholder disputes a captured PaymentIntent: the dispute as Stripe puts it in `charge.dispute.created`. */
    openDispute(piId: string, reason = 'fraudulent', amount?: number) {
      const pi = paymentIntents.get(piId);
      if (!pi || pi.status !== 'succeeded') throw new Error(`${piId} has no successful charge`);
      const dispute = {
        id: id('dp'),
        object: 'dispute' as const,
        amount: amount ?? pi.amount_received - pi.refunded,
        currency: pi.currency,
        reason,
        status: 'needs_response',
        payment_intent: pi.id,
        evidence: {},
        evidence_details: { due_by: Math.floor(Date.now() / 1000) + 7 * 86_400, submission_count: 0 },
      };
      disputes.set(dispute.id, dispute);
      return dispute;
    },
    /** The PaymentIntent as Stripe would put it in an event. */
    paymentIntent(piId: string) {
      const pi = paymentIntents.get(piId);
      if (!pi) throw new Error(`no ${piId}`);
      return publicPi(pi);
    },
    /** Authorizations made (PaymentIntents that ever held money), to prove nothing was charged twice. */
    authorizations() {
      return [...paymentIntents.values()].filter((pi) => pi.latest_charge !== null).length;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeStripe = Awaited<ReturnType<typeof startFakeStripe>>;

/** A Stripe event envelope around `object`, as Stripe posts it to a webhook endpoint. */
export function stripeEvent(type: string, object: unknown, eventId = id('evt')): string {
  return JSON.stringify({
    id: eventId,
    object: 'event',
    api_version: '2024-06-20',
    created: Math.floor(Date.now() / 1000),
    type,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  });
}
