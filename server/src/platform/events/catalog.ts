import { EVENT_TYPE_PATTERN } from './outbox.ts';

/**
 * The event types modules publish, with a line each for humans. Modules declare theirs at import
 * time (in their `events.ts`) with `defineEventTypes`; webhook filters and the API's type list
 * accept only declared types.
 */
const catalog = new Map<string, string>();

export function defineEventTypes(types: Record<string, string>): void {
  for (const [type, description] of Object.entries(types)) {
    if (!EVENT_TYPE_PATTERN.test(type))
      throw new Error(`Event type "${type}" is not of the form entity.verb_past`);
    catalog.set(type, description);
  }
}

export function listEventTypes(): { type: string; description: string }[] {
  return [...catalog]
    .map(([type, description]) => ({ type, description }))
    .sort((a, b) => a.type.localeCompare(b.type));
}

/** A filter is `*` (everything), `entity.*` (every type of one entity) or one exact type. */
export function matchesEventType(filter: string, type: string): boolean {
  if (filter === '*') return true;
  if (filter.endsWith('.*')) return type.startsWith(filter.slice(0, -1));
  return filter === type;
}

export function matchesAnyEventType(filters: readonly string[], type: string): boolean {
  return filters.some((f) => matchesEventType(f, type));
}

/** Why a filter would match nothing we know of, or null when it is acceptable. */
export function eventTypeFilterProblem(filter: string): string | null {
  if (filter === '*') return null;
  if (filter.endsWith('.*')) {
    const entity = filter.slice(0, -2);
    if (!/^[a-z][a-z0-9_]*$/.test(entity)) return `"${filter}" is not a valid event type pattern`;
    for (const type of catalog.keys()) if (type.startsWith(`${entity}.`)) return null;
    return `no event types start with "${entity}."`;
  }
  if (!EVENT_TYPE_PATTERN.test(filter)) return `"${filter}" is not an event type (entity.verb_past)`;
  return catalog.has(filter) ? null : `unknown event type "${filter}"`;
}
