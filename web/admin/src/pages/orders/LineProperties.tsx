import { propertyEntries, type Properties } from './line-properties.ts';

/**
 * A line's properties under its title, one "Name: text" a line, small and muted. Long texts (a gift
 * message, an address) wrap rather than widen the table.
 */
export function LineProperties({ properties }: { properties: Properties | undefined }) {
  const list = propertyEntries(properties);
  if (list.length === 0) return null;
  return (
    <ul className="mt-1 space-y-0.5 text-xs text-slate-600" data-testid="line-properties">
      {list.map(([name, text]) => (
        <li key={name} className="whitespace-pre-line wrap-anywhere">
          {name}: {text}
        </li>
      ))}
    </ul>
  );
}
