import { isApiError } from '../../api/errors.ts';
import type { MessageKey } from '../../i18n/catalog.ts';
import type { Properties } from '../orders/line-properties.ts';

/** What the API keeps of a line's properties: at most this many, names ≤ 50 characters, texts ≤ 500. */
export const MAX_DETAILS = 10;
export const MAX_NAME = 50;
export const MAX_TEXT = 500;

/** The names a gift card sent to someone else uses, spelled as the API reads them. */
export const GIFT_CARD_NAMES = ['Recipient email', 'Recipient name', 'Message'] as const;

/** One name/text row of the details dialog; `key` keeps a row's inputs as rows come and go. */
export interface DetailRow {
  key: number;
  name: string;
  text: string;
}

let nextKey = 0;
export const detailRow = (name = '', text = ''): DetailRow => ({ key: nextKey++, name, text });

/** A field the line's product asks the shopper to fill in (`personalization` on the product). */
export interface AskedField {
  name: string;
  required: boolean;
  max_length: number;
}

/**
 * The rows to edit a line's properties in: first one a field its product asks for (with its answer,
 * if any), then one a property besides; one empty row when that makes none.
 */
export const rowsOf = (properties: Properties | undefined, asked: AskedField[] = []): DetailRow[] => {
  const given = properties ?? {};
  const rows = [
    ...asked.map((f) => detailRow(f.name, given[f.name] ?? '')),
    ...Object.entries(given)
      .filter(([name]) => !asked.some((f) => f.name === name))
      .map(([name, text]) => detailRow(name, text)),
  ];
  return rows.length ? rows : [detailRow()];
};

/** The field the product asks for under a row's name, if any. */
export const askedFieldOf = (asked: AskedField[] | undefined, name: string): AskedField | undefined =>
  asked?.find((f) => f.name === name.trim());

/** A row left empty: not sent. */
const blank = (r: DetailRow) => !r.name.trim() && !r.text.trim();

/** What is wrong with each row before anything is sent: text without a name, a name used twice. */
export function rowProblems(rows: DetailRow[]): (MessageKey | null)[] {
  return rows.map((r, i) => {
    if (blank(r)) return null;
    const name = r.name.trim();
    if (!name) return 'lineProperties.nameNeeded';
    if (rows.slice(0, i).some((o) => o.name.trim() === name)) return 'lineProperties.nameTwice';
    return null;
  });
}

/** The properties the rows say, for `PATCH …/lines/{lineId}` (which replaces them): blank rows left out. */
export const propertiesOf = (rows: DetailRow[]): Properties =>
  Object.fromEntries(rows.filter((r) => !blank(r)).map((r) => [r.name.trim(), r.text.trim()]));

/**
 * The API's word on one property (`body.properties.Recipient email`: "must be an e-mail address"),
 * to show beside its row. A name with "/" reaches the path split at each "/" (a JSON pointer's steps).
 */
export function propertyError(error: unknown, name: string): string | undefined {
  const trimmed = name.trim();
  if (!isApiError(error) || !trimmed) return undefined;
  const paths = [`body.properties.${trimmed}`, ['body', 'properties', ...trimmed.split('/')].join('.')];
  return error.errors.find((e) => paths.includes(e.path))?.message;
}
