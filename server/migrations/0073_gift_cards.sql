-- Gift cards: a code worth an amount in one currency, issued by staff (or as store credit for a
-- refund), spent at checkout beside a card or on its own. Only the code's SHA-256 is kept: staff
-- see it once, when it is issued (and the recipient in their e-mail); afterwards a card is known
-- by its last four characters. The balance moves only with a ledger entry, in one transaction.
CREATE TABLE gift_cards (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  code_hash text NOT NULL,
  last_characters text NOT NULL,
  currency text NOT NULL,
  initial_value bigint NOT NULL CHECK (initial_value > 0),
  balance bigint NOT NULL CHECK (balance >= 0),
  -- Disabled by staff: nothing more can be spent (what was spent stays spent).
  disabled_at timestamptz,
  expires_at timestamptz,
  customer_id text,
  recipient_email text,
  note text,
  actor_type text NOT NULL,
  actor_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, code_hash)
);
CREATE INDEX gift_cards_store_idx ON gift_cards (store_id, id);
CREATE INDEX gift_cards_customer_idx ON gift_cards (store_id, customer_id) WHERE customer_id IS NOT NULL;
SELECT carton_enable_tenant_rls('gift_cards');

-- Every change of a balance: issued, spent on an order (redeem), given back when that checkout
-- failed (release) or the order was refunded (refund), or corrected by staff (adjust). `key` makes
-- each one happen once however often it is asked (the checkout's attempt, the refund's key).
CREATE TABLE gift_card_transactions (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  gift_card_id text NOT NULL REFERENCES gift_cards(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('issue', 'redeem', 'release', 'refund', 'adjust')),
  -- Signed: spending is negative.
  amount bigint NOT NULL CHECK (amount <> 0),
  balance_after bigint NOT NULL CHECK (balance_after >= 0),
  key text NOT NULL,
  order_id text,
  reason text,
  actor_type text NOT NULL,
  actor_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (gift_card_id, kind, key)
);
CREATE INDEX gift_card_transactions_card_idx ON gift_card_transactions (gift_card_id, created_at);
CREATE INDEX gift_card_transactions_order_idx ON gift_card_transactions (store_id, order_id)
  WHERE order_id IS NOT NULL;
SELECT carton_enable_tenant_rls('gift_card_transactions');

-- What an order was paid with besides its payment: the gift cards spent on it.
ALTER TABLE orders ADD COLUMN gift_card_total bigint NOT NULL DEFAULT 0 CHECK (gift_card_total >= 0);

-- A return refunded as store credit: the gift card issued for it (instead of a refund of the payment).
ALTER TABLE order_returns ADD COLUMN store_credit_gift_card_id text;
