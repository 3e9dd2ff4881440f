// Wall-clock arithmetic in IANA time zones through Intl, for formatDate and for the dates Sheets
// creates when it recognises '2024-01-31' typed into a cell (midnight in the spreadsheet's zone).

export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 0 = Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Java's TimeZone.getTimeZone falls back to GMT for an unknown id, and so does Apps Script. */
export function resolveTimeZone(tz: string): string {
  if (formatters.has(tz)) return tz;
  try {
    formatterFor(tz);
    return tz;
  } catch {
    return 'Etc/UTC';
  }
}

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

export function wallTime(ms: number, tz: string): WallTime {
  const parts = formatterFor(resolveTimeZone(tz)).formatToParts(new Date(ms));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const year = get('year');
  const month = get('month');
  const day = get('day');
  const millisecond = ((ms % 1000) + 1000) % 1000;
  return {
    year, month, day, hour: get('hour') % 24, minute: get('minute'), second: get('second'), millisecond,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
}

/** Offset of the zone from UTC at instant `ms`, in ms (positive east of Greenwich). */
export function offsetMs(ms: number, tz: string): number {
  const w = wallTime(ms, tz);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond) - ms;
}

/** The instant at which the wall clock of `tz` shows the given time. */
export function zonedToEpoch(
  tz: string, year: number, month: number, day: number, hour = 0, minute = 0, second = 0,
): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute, second);
  const first = guess - offsetMs(guess, tz);
  // A second pass settles instants near a DST transition.
  return guess - offsetMs(first, tz);
}
