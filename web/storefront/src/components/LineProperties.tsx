import { useI18n } from '../i18n.ts';

/** The properties a gift card bought for someone else carries (the server's names). */
export const RECIPIENT_EMAIL = 'Recipient email';
export const RECIPIENT_NAME = 'Recipient name';
export const RECIPIENT_MESSAGE = 'Message';

/**
 * What the shopper told about a line (an engraving; a gift card's recipient), under its title in
 * small muted text: "Engraving: For Ada". A gift card's recipient reads "For: Bo (bo@example.com)".
 */
export function LineProperties({
  properties,
  giftCard = false,
}: {
  properties: Record<string, string> | undefined;
  giftCard?: boolean;
}) {
  const { t } = useI18n();
  const entries = Object.entries(properties ?? {}).filter(([, text]) => text !== '');
  if (entries.length === 0) return null;
  const to = giftCard ? properties?.[RECIPIENT_EMAIL] : undefined;
  const name = to ? properties?.[RECIPIENT_NAME] : undefined;
  const rest = entries.filter(([key]) => !to || (key !== RECIPIENT_EMAIL && key !== RECIPIENT_NAME));
  return (
    // Spans, not a list: the order page sets them inside a line's text.
    <span className="block text-xs text-stone-600" data-testid="line-properties">
      {to ? (
        <span className="block break-words">{t('line.for', { who: name ? `${name} (${to})` : to })}</span>
      ) : null}
      {rest.map(([key, text]) => (
        <span key={key} className="block break-words">
          {key}: {text}
        </span>
      ))}
    </span>
  );
}
