import { z } from 'zod';

/**
 * Staff's tags on a record (an order, a customer): to sort and find them (`?tag=` on lists).
 * Lower case, so "Gift" and "gift" are one tag; never shown to the shopper.
 */
export const Tag = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[^,]+$/, 'a tag has no commas')
  .transform((t) => t.toLowerCase());

/** A list's `?tag=a,b`: records that have all of them (any case). */
export const TagFilter = z.string().max(500);

/** The tags a list's `?tag=` asks for. */
export const tagsOf = (filter: string | undefined): string[] =>
  (filter ?? '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);

/** Tags once each, in order: what is stored. */
export const tagSet = (tags: readonly string[]): string[] => [...new Set(tags)].sort();
