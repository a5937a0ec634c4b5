/** Calendar days for the recovery pages: "today" in the store's time zone, ranges, durations. */

/** Today's date (YYYY-MM-DD) in a time zone (the browser's when unknown). */
export function todayIn(timeZone: string | undefined): string {
  try {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(new Date());
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}

/** A date `days` before (negative: after) another, both YYYY-MM-DD. */
export function daysBefore(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** Every date from `from` to `to`, both included (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length < 800; d = daysBefore(d, -1)) out.push(d);
  return out;
}

/** Midnight starting a local calendar day, as the API's ISO timestamp. */
export const startOfDay = (date: string) => new Date(`${date}T00:00:00`).toISOString();

/** Midnight ending a local calendar day ("to" includes the whole day chosen). */
export const endOfDay = (date: string) => {
  const d = new Date(`${date}T00:00:00`);
  d.setDate(d.getDate() + 1);
  return d.toISOString();
};

/** Seconds as the largest units that say it: "2 h 5 min", "3 d 4 h", "45 s". */
export function formatDuration(
  seconds: number,
  units: { d: string; h: string; min: string; s: string },
): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} ${units.s}`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} ${units.min}`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} ${units.h} ${m % 60} ${units.min}` : `${h} ${units.h}`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} ${units.d} ${h % 24} ${units.h}` : `${d} ${units.d}`;
}
