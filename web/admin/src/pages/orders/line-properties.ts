/** What the customer told about an item, name → text (an engraving, a gift card's recipient). */
export type Properties = Record<string, string>;

/** The properties as name/text pairs, in the order the API gives them. */
export const propertyEntries = (properties: Properties | undefined): [string, string][] =>
  Object.entries(properties ?? {});

/** A line's properties on one line ("Engraving: A & B · Gift wrap: Yes"), for compact labels; '' when none. */
export const propertiesInline = (properties: Properties | undefined): string =>
  propertyEntries(properties)
    .map(([name, text]) => `${name}: ${text.replace(/\s+/g, ' ').trim()}`)
    .join(' · ');

/** A line's title followed by its properties in brackets, when it has any ("Ring (Engraving: A & B)"). */
export function titleWithProperties(title: string, properties: Properties | undefined): string {
  const told = propertiesInline(properties);
  return told ? `${title} (${told})` : title;
}
