import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState } from 'react';
import { freshSession } from '../account.ts';
import { productQuery, type Product } from '../api.ts';
import { useCartActions } from '../cart.ts';
import { RECIPIENT_EMAIL, RECIPIENT_MESSAGE, RECIPIENT_NAME } from '../components/LineProperties.tsx';
import { Price } from '../components/Price.tsx';
import { useI18n, type Translate } from '../i18n.ts';
import { useShopperState } from '../session.ts';
import { ApiError, unwrap, useShop } from '../shop.ts';

const route = getRouteApi('/products/$handle');
type Variant = Product['variants'][number];

/** The variant whose option values are all the chosen ones (or null: no such combination). */
function variantFor(product: Product, chosen: Record<string, string>): Variant | null {
  return (
    product.variants.find((v) => product.options.every((o) => v.option_values[o.name] === chosen[o.name])) ??
    null
  );
}

function Description({ text }: { text: string }) {
  // Markdown kept simple: paragraphs and line breaks as written; no HTML from the merchant is injected.
  return (
    <div className="flex flex-col gap-3 text-stone-800">
      {text
        .split(/\n{2,}/)
        .filter(Boolean)
        .map((p, i) => (
          <p key={i}>{p.replace(/[*_#`]/g, '')}</p>
        ))}
    </div>
  );
}

function WishlistButton({ productId, variantId }: { productId: string; variantId: string | null }) {
  const { api } = useShop();
  const { t } = useI18n();
  const { session } = useShopperState();
  const [state, setState] = useState<'idle' | 'saved' | 'signin' | 'error'>('idle');
  return (
    <div className="text-sm">
      <button
        type="button"
        className="text-stone-800 underline"
        onClick={async () => {
          if (!session) return setState('signin');
          try {
            await unwrap(
              api.POST('/store/v1/customers/me/wishlist', {
                body: { product_id: productId, ...(variantId ? { variant_id: variantId } : {}) },
              }),
            );
            setState('saved');
          } catch {
            setState('error');
          }
        }}
      >
        ♡ {t('product.wishlist_add')}
      </button>
      <span role="status" className="ml-2">
        {state === 'saved' ? t('product.wishlist_saved') : null}
        {state === 'signin' ? (
          <Link to="/account" className="underline">
            {t('product.wishlist_signin')}
          </Link>
        ) : null}
        {state === 'error' ? t('error.generic') : null}
      </span>
    </div>
  );
}

type MyPrice = { amount: number | null; currency: string; public_amount: number | null };

/**
 * A signed-in shopper's own prices (their customer groups' price lists), by variant, where they
 * differ from the public price on the page. The page itself is the same for everyone; this asks
 * after hydration, so the shopper sees the price their cart will take.
 */
function useMyPrices(product: Product | undefined): Map<string, MyPrice> {
  const { api, currency } = useShop();
  const { session } = useShopperState();
  const variantIds = (product?.variants ?? []).map((v) => v.id).join(',');
  const { data } = useQuery({
    queryKey: ['my-prices', session?.customer.id ?? null, currency, variantIds],
    enabled: Boolean(session && variantIds),
    staleTime: 60_000,
    queryFn: async () => {
      await freshSession(api);
      return unwrap(
        api.GET('/store/v1/customers/me/prices', {
          params: { query: { variant_ids: variantIds, currency } },
        }),
      );
    },
  });
  return new Map(
    (session ? (data?.data ?? []) : [])
      .filter((p) => p.group_price && p.amount !== null)
      .map((p) => [p.variant_id, p]),
  );
}

function YourPrice({ price }: { price: MyPrice }) {
  const { t } = useI18n();
  return (
    <>
      <span
        className="mr-2 rounded bg-emerald-100 px-2 py-0.5 text-sm text-emerald-900"
        data-testid="your-price"
      >
        {t('product.your_price')}
      </span>
      <Price
        amount={price.amount!}
        currency={price.currency}
        compareAt={
          price.public_amount !== null && price.public_amount > price.amount! ? price.public_amount : null
        }
      />
    </>
  );
}

/** A gift card's message to its recipient: the longest a line property's text may be. */
const MESSAGE_MAX = 500;

/** The shopper's answers to a product's personalization, and a gift card's recipient. */
interface Answers {
  fields: Record<string, string>;
  toSomeoneElse: boolean;
  recipient: { email: string; name: string; message: string };
}

const NO_ANSWERS: Answers = {
  fields: {},
  toSomeoneElse: false,
  recipient: { email: '', name: '', message: '' },
};

/** The answers as a cart line's properties: empty ones left out (the server drops them too). */
function propertiesOf(product: Product, answers: Answers): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (name: string, text: string | undefined) => {
    if (text?.trim()) out[name] = text.trim();
  };
  for (const f of product.personalization) put(f.name, answers.fields[f.name]);
  if (product.gift_card && answers.toSomeoneElse) {
    put(RECIPIENT_EMAIL, answers.recipient.email);
    put(RECIPIENT_NAME, answers.recipient.name);
    put(RECIPIENT_MESSAGE, answers.recipient.message);
  }
  return out;
}

/**
 * The server's refusal of the properties, by property name (`body.properties.Engraving` →
 * Engraving), in the shopper's language where the reason is known.
 */
function propertyErrors(
  err: unknown,
  product: Product,
  answers: Answers,
  t: Translate,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(err instanceof ApiError)) return out;
  const prefix = 'body.properties.';
  for (const e of err.problem.errors ?? []) {
    if (!e.path.startsWith(prefix)) continue;
    const name = e.path.slice(prefix.length);
    const field = product.personalization.find((f) => f.name === name);
    const answer = (answers.fields[name] ?? '').trim();
    out[name] =
      name === RECIPIENT_EMAIL
        ? t('product.recipient_invalid')
        : field && !answer
          ? t('product.field_required')
          : field && answer.length > field.max_length
            ? t('product.field_too_long', { max: field.max_length })
            : e.message;
  }
  return out;
}

/** One text input with its label, hint and the server's refusal beside it. */
function TextField({
  id,
  label,
  required,
  maxLength,
  hint,
  error,
  value,
  onChange,
  type = 'text',
  multiline = false,
  autoComplete = 'off',
}: {
  id: string;
  label: string;
  required: boolean;
  maxLength: number;
  hint?: string;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email';
  multiline?: boolean;
  autoComplete?: string;
}) {
  const { t } = useI18n();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  const props = {
    id,
    name: id,
    required,
    maxLength,
    value,
    autoComplete,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
    className: `w-full rounded-lg border bg-white px-3 py-2 text-base ${error ? 'border-red-700' : 'border-stone-300'}`,
  } as const;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}{' '}
        <span className="font-normal text-stone-600">
          ({required ? t('product.required') : t('product.optional')})
        </span>
      </label>
      {multiline ? (
        <textarea {...props} rows={3} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...props} type={type} onChange={(e) => onChange(e.target.value)} />
      )}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-stone-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700" data-testid="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * What the product asks the shopper to fill in (an engraving), and for a gift card, whom to send
 * it to instead of the buyer: sent as the cart line's properties.
 */
function Personalization({
  product,
  answers,
  errors,
  onChange,
}: {
  product: Product;
  answers: Answers;
  errors: Record<string, string>;
  onChange: (answers: Answers) => void;
}) {
  const { t } = useI18n();
  const recipient = (change: Partial<Answers['recipient']>) =>
    onChange({ ...answers, recipient: { ...answers.recipient, ...change } });
  return (
    <>
      {product.personalization.length > 0 ? (
        <fieldset className="flex flex-col gap-3" data-testid="personalization">
          <legend className="mb-2 text-sm font-medium">{t('product.personalize')}</legend>
          {product.personalization.map((f, i) => (
            <TextField
              key={f.name}
              id={`personalize-${i}`}
              label={f.name}
              required={f.required}
              maxLength={f.max_length}
              hint={t('product.max_chars', { max: f.max_length })}
              error={errors[f.name]}
              value={answers.fields[f.name] ?? ''}
              onChange={(text) => onChange({ ...answers, fields: { ...answers.fields, [f.name]: text } })}
            />
          ))}
        </fieldset>
      ) : null}
      {product.gift_card ? (
        <div className="flex flex-col gap-3" data-testid="gift-recipient">
          <div className="flex items-start gap-3">
            <input
              id="gift-to-other"
              type="checkbox"
              checked={answers.toSomeoneElse}
              onChange={(e) => onChange({ ...answers, toSomeoneElse: e.target.checked })}
              aria-describedby="gift-to-other-hint"
              className="mt-1 h-5 w-5 shrink-0"
            />
            <div className="flex flex-col">
              <label htmlFor="gift-to-other" className="text-sm font-medium">
                {t('product.gift_to_other')}
              </label>
              <span id="gift-to-other-hint" className="text-xs text-stone-600">
                {t('product.gift_to_other_hint')}
              </span>
            </div>
          </div>
          {answers.toSomeoneElse ? (
            <div className="flex flex-col gap-3 border-l-2 border-stone-200 pl-3">
              <TextField
                id="gift-recipient-address"
                type="email"
                autoComplete="off"
                label={t('product.recipient_address')}
                required
                maxLength={MESSAGE_MAX}
                error={errors[RECIPIENT_EMAIL]}
                value={answers.recipient.email}
                onChange={(email) => recipient({ email })}
              />
              <TextField
                id="gift-recipient-name"
                label={t('product.recipient_name')}
                required={false}
                maxLength={MESSAGE_MAX}
                error={errors[RECIPIENT_NAME]}
                value={answers.recipient.name}
                onChange={(name) => recipient({ name })}
              />
              <TextField
                id="gift-recipient-message"
                multiline
                label={t('product.recipient_message')}
                required={false}
                maxLength={MESSAGE_MAX}
                hint={t('product.message_hint', { max: MESSAGE_MAX })}
                error={errors[RECIPIENT_MESSAGE]}
                value={answers.recipient.message}
                onChange={(message) => recipient({ message })}
              />
            </div>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

export function ProductPage() {
  const { handle } = route.useParams();
  // A new product starts with its own choices.
  return <ProductView key={handle} handle={handle} />;
}

function ProductView({ handle }: { handle: string }) {
  const { api, locale, currency } = useShop();
  const { t } = useI18n();
  const { data: product } = useQuery(productQuery(api, handle, locale, currency));
  const { addLine } = useCartActions();
  const initial = useMemo(() => {
    const first = product?.variants.find((v) => v.in_stock) ?? product?.variants[0];
    return first ? { ...first.option_values } : {};
  }, [product]);
  const [chosen, setChosen] = useState<Record<string, string>>(initial);
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState(false);
  const [imageIndex, setImageIndex] = useState(0);
  const [answers, setAnswers] = useState<Answers>(NO_ANSWERS);
  const mine = useMyPrices(product);
  const form = useRef<HTMLFormElement>(null);
  // Refused for what was filled in: the first field refused takes the focus, its reason read with it.
  useEffect(() => {
    if (addLine.error) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [addLine.error]);
  if (!product) return null;

  const variant = variantFor(product, chosen);
  const images = [...product.images].sort(
    (a, b) => Number(b.is_primary) - Number(a.is_primary) || a.position - b.position,
  );
  const image = images[imageIndex] ?? images[0];
  const stock = variant ? variant.available : 0;
  // In stock with none counted: sold without a stock limit (backorders allowed, as gift cards often are).
  const unlimited = !!variant?.in_stock && stock === 0;
  const fieldErrors = propertyErrors(addLine.error, product, answers, t);
  // Refused for what was filled in: said beside each field, not again here.
  const error = Object.keys(fieldErrors).length
    ? null
    : addLine.error instanceof ApiError
      ? addLine.error.message
      : addLine.error
        ? t('error.generic')
        : null;

  return (
    <article className="grid gap-6 md:grid-cols-2">
      <div className="flex flex-col gap-3">
        <div className="aspect-square overflow-hidden rounded-2xl bg-stone-100">
          {image ? (
            <img
              src={image.url}
              alt={image.alt || product.title}
              width={800}
              height={800}
              fetchPriority="high"
              className="h-full w-full object-cover"
            />
          ) : null}
        </div>
        {images.length > 1 ? (
          <ul className="flex gap-2">
            {images.map((img, i) => (
              <li key={img.id}>
                <button
                  type="button"
                  aria-label={img.alt || `${product.title} ${i + 1}`}
                  aria-pressed={i === imageIndex}
                  onClick={() => setImageIndex(i)}
                  className="h-16 w-16 overflow-hidden rounded-lg border border-stone-300"
                >
                  <img
                    src={img.url}
                    alt=""
                    width={64}
                    height={64}
                    loading="lazy"
                    className="h-full w-full object-cover"
                  />
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="flex flex-col gap-4">
        <div>
          {product.brand ? (
            <p className="text-sm uppercase tracking-wide text-stone-600">{product.brand}</p>
          ) : null}
          <h1 className="text-2xl font-bold sm:text-3xl">{product.title}</h1>
        </div>
        <p className="text-xl" data-testid="price">
          {variant && mine.has(variant.id) ? (
            <YourPrice price={mine.get(variant.id)!} />
          ) : variant?.price ? (
            <Price
              amount={variant.price.amount}
              currency={variant.price.currency}
              compareAt={variant.price.compare_at_amount}
            />
          ) : product.price_range ? (
            <Price
              amount={product.price_range.min}
              max={product.price_range.max}
              currency={product.currency}
            />
          ) : (
            t('product.no_price', { currency })
          )}
        </p>
        {/* A gift card: its code comes by e-mail once paid (each variant is a card's value). */}
        {product.gift_card ? (
          <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-stone-800" data-testid="gift-card-note">
            <span className="block font-medium">{t('product.gift_card')}</span>
            <span className="block text-stone-700">{t('product.gift_card_hint')}</span>
          </p>
        ) : /* Digital goods, a service, a licence: bought without a delivery. */
        product.requires_shipping === false ? (
          <p className="rounded-lg bg-stone-100 px-3 py-2 text-sm text-stone-800" data-testid="ships-nothing">
            <span className="block font-medium">{t('product.ships_nothing')}</span>
            <span className="block text-stone-600">{t('product.ships_nothing_hint')}</span>
          </p>
        ) : null}
        <form
          ref={form}
          className="flex flex-col gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (!variant) return;
            setAdded(false);
            addLine.mutate(
              { variantId: variant.id, quantity, properties: propertiesOf(product, answers) },
              { onSuccess: () => setAdded(true) },
            );
          }}
        >
          {product.options.map((option) => (
            <fieldset key={option.name}>
              <legend className="mb-2 text-sm font-medium">
                {option.name}: <span className="font-normal">{chosen[option.name]}</span>
              </legend>
              <div className="flex flex-wrap gap-2">
                {option.values.map((value) => {
                  const candidate = variantFor(product, { ...chosen, [option.name]: value });
                  const id = `opt-${option.name}-${value}`.replace(/\W+/g, '-');
                  return (
                    <div key={value}>
                      <input
                        type="radio"
                        id={id}
                        name={option.name}
                        value={value}
                        checked={chosen[option.name] === value}
                        onChange={() => {
                          setChosen({ ...chosen, [option.name]: value });
                          setAdded(false);
                        }}
                        className="peer sr-only"
                      />
                      <label
                        htmlFor={id}
                        className={`inline-block min-w-11 cursor-pointer rounded-lg border px-3 py-2 text-center text-sm peer-checked:border-stone-900 peer-checked:bg-stone-900 peer-checked:text-white peer-focus-visible:outline peer-focus-visible:outline-3 peer-focus-visible:outline-amber-700 ${
                          candidate?.in_stock
                            ? 'border-stone-300 bg-white'
                            : 'border-dashed border-stone-300 bg-stone-100 text-stone-600'
                        }`}
                      >
                        {value}
                      </label>
                    </div>
                  );
                })}
              </div>
            </fieldset>
          ))}
          <p className="text-sm" data-testid="stock">
            {!variant ? (
              <span className="text-red-700">{t('product.unavailable')}</span>
            ) : !variant.in_stock ? (
              <span className="text-red-700">{t('product.out_of_stock')}</span>
            ) : !unlimited && stock <= 5 ? (
              <span className="text-amber-800">{t('product.low_stock', { count: stock })}</span>
            ) : (
              <span className="text-green-800">{t('product.in_stock')}</span>
            )}
          </p>
          <Personalization
            product={product}
            answers={answers}
            errors={fieldErrors}
            onChange={(next) => {
              setAnswers(next);
              setAdded(false);
              // A refusal was of what was sent: edited, it no longer stands.
              if (addLine.error) addLine.reset();
            }}
          />
          <div className="flex items-end gap-3">
            <label className="flex flex-col gap-1 text-sm">
              {t('product.quantity')}
              <input
                type="number"
                inputMode="numeric"
                min={1}
                max={unlimited ? 100 : Math.max(1, Math.min(stock, 100))}
                value={quantity}
                onChange={(e) => setQuantity(Math.max(1, Math.floor(Number(e.target.value) || 1)))}
                className="w-20 rounded-lg border border-stone-300 bg-white px-2 py-2"
              />
            </label>
            <button
              type="submit"
              disabled={!variant?.in_stock || !variant.price || addLine.isPending}
              className="flex-1 rounded-lg bg-stone-900 px-4 py-3 font-semibold text-white hover:bg-stone-700 disabled:cursor-not-allowed disabled:bg-stone-400"
            >
              {addLine.isPending ? t('product.adding') : t('product.add')}
            </button>
          </div>
          <div role="status" aria-live="polite" className="text-sm">
            {added ? (
              <span className="text-green-800">
                {t('product.added')}{' '}
                <Link to="/cart" className="font-semibold underline">
                  {t('product.view_cart')}
                </Link>
              </span>
            ) : null}
            {error ? <span className="text-red-700">{error}</span> : null}
          </div>
        </form>
        <WishlistButton productId={product.id} variantId={variant?.id ?? null} />
        <Description text={product.description} />
        {variant ? (
          <p className="text-xs text-stone-600">
            {t('product.sku')}: {variant.sku}
          </p>
        ) : null}
      </div>
    </article>
  );
}
