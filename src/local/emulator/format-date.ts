// Utilities.formatDate: Java SimpleDateFormat patterns rendered in any IANA zone.
import { offsetMs, resolveTimeZone, wallTime } from './time-zone';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const pad = (n: number, width: number): string => String(Math.abs(n)).padStart(width, '0');

function formatOffset(offset_ms: number, style: 'Z' | 'X' | 'XX' | 'XXX'): string {
  const total_min = Math.round(offset_ms / 60000);
  if (total_min === 0 && style !== 'Z') return 'Z';
  const sign = total_min < 0 ? '-' : '+';
  const hh = pad(Math.floor(Math.abs(total_min) / 60), 2);
  const mm = pad(Math.abs(total_min) % 60, 2);
  if (style === 'X') return `${sign}${hh}`;
  if (style === 'XXX') return `${sign}${hh}:${mm}`;
  return `${sign}${hh}${mm}`;
}

function zoneName(ms: number, tz: string, long: boolean): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: long ? 'long' : 'short' })
    .formatToParts(new Date(ms));
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
}

/** Formats `ms` with a Java SimpleDateFormat pattern (yyyy, MM, MMM, dd, HH, hh, mm, ss, SSS, a, EEE,
 * D, z, Z, X/XX/XXX, 'quoted literals'). Throws on an unknown pattern letter, as Java does. */
export function formatDateJava(ms: number, timeZone: string, pattern: string): string {
  const tz = resolveTimeZone(timeZone);
  const w = wallTime(ms, tz);
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === "'") {
      if (pattern[i + 1] === "'") { out += "'"; i += 2; continue; }
      // A quoted literal; '' inside it is a quote.
      let j = i + 1;
      for (;;) {
        if (j >= pattern.length) throw new Error(`Unterminated quote in date pattern: ${pattern}`);
        if (pattern[j] === "'" && pattern[j + 1] === "'") { out += "'"; j += 2; continue; }
        if (pattern[j] === "'") break;
        out += pattern[j++];
      }
      i = j + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(ch)) { out += ch; i++; continue; }
    let n = 1;
    while (pattern[i + n] === ch) n++;
    out += field(ch, n, ms, tz, w, pattern);
    i += n;
  }
  return out;
}

function field(ch: string, n: number, ms: number, tz: string, w: ReturnType<typeof wallTime>, pattern: string): string {
  switch (ch) {
    case 'y': case 'Y': case 'u':
      if (ch === 'u') return pad(w.weekday === 0 ? 7 : w.weekday, n);
      return n === 2 ? pad(w.year % 100, 2) : pad(w.year, n);
    case 'M': case 'L':
      if (n >= 4) return MONTHS[w.month - 1];
      if (n === 3) return MONTHS[w.month - 1].slice(0, 3);
      return pad(w.month, n);
    case 'd': return pad(w.day, n);
    case 'D': {
      const day_of_year = (Date.UTC(w.year, w.month - 1, w.day) - Date.UTC(w.year, 0, 1)) / 86400000 + 1;
      return pad(day_of_year, n);
    }
    case 'E': return n >= 4 ? DAYS[w.weekday] : DAYS[w.weekday].slice(0, 3);
    case 'a': return w.hour < 12 ? 'AM' : 'PM';
    case 'H': return pad(w.hour, n);
    case 'k': return pad(w.hour === 0 ? 24 : w.hour, n);
    case 'K': return pad(w.hour % 12, n);
    case 'h': return pad(w.hour % 12 === 0 ? 12 : w.hour % 12, n);
    case 'm': return pad(w.minute, n);
    case 's': return pad(w.second, n);
    case 'S': return pad(w.millisecond, n);
    case 'z': return zoneName(ms, tz, n >= 4);
    case 'Z': return formatOffset(offsetMs(ms, tz), 'Z');
    case 'X': return formatOffset(offsetMs(ms, tz), n === 1 ? 'X' : n === 2 ? 'XX' : 'XXX');
    case 'G': return w.year > 0 ? 'AD' : 'BC';
    default:
      throw new Error(`Illegal pattern character '${ch}' in ${pattern}`);
  }
}
