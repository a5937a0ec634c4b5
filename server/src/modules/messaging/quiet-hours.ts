/**
 * SMS go out only between 08:00 and 21:00 in the recipient's time zone (the store's when the
 * recipient's is unknown). Outside that window a message waits for the next 08:00 — computed
 * in the time zone itself, so a daylight-saving change is honoured.
 */
export const SMS_WINDOW = { startHour: 8, endHour: 21 } as const;

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localTime(at: Date, timeZone: string): LocalTime {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The UTC instant of a wall-clock time in `timeZone` (the later one if the clock repeats it). */
export function zonedTime(
  timeZone: string,
  wall: { year: number; month: number; day: number; hour: number; minute?: number },
): Date {
  const target = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute ?? 0);
  let guess = target;
  // Two corrections cover any offset change between the guess and the answer.
  for (let i = 0; i < 3; i++) {
    const l = localTime(new Date(guess), timeZone);
    const seen = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
    const diff = target - seen;
    if (diff === 0) break;
    guess += diff;
  }
  return new Date(guess);
}

/** `now` if an SMS may go out now; otherwise the next 08:00 in the recipient's time zone. */
export function nextSmsTime(now: Date, timeZone: string): Date {
  const l = localTime(now, timeZone);
  if (l.hour >= SMS_WINDOW.startHour && l.hour < SMS_WINDOW.endHour) return now;
  if (l.hour < SMS_WINDOW.startHour) {
    return zonedTime(timeZone, { year: l.year, month: l.month, day: l.day, hour: SMS_WINDOW.startHour });
  }
  // After 21:00: tomorrow's date (calendar arithmetic on the wall date, not +24 h).
  const tomorrow = new Date(Date.UTC(l.year, l.month - 1, l.day + 1));
  return zonedTime(timeZone, {
    year: tomorrow.getUTCFullYear(),
    month: tomorrow.getUTCMonth() + 1,
    day: tomorrow.getUTCDate(),
    hour: SMS_WINDOW.startHour,
  });
}
