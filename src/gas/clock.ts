// Time enters the add-on here and nowhere else: the core gets dates as arguments.
import type { IsoDate } from '../core/model';
import { activeSpreadsheet } from './sheets';

export function nowUtcIso(): string {
  return new Date().toISOString();
}

export function spreadsheetTimeZone(): string {
  return activeSpreadsheet().getSpreadsheetTimeZone();
}

/** The calendar date of an instant in a time zone. */
export function dateInZone(epoch_ms: number, time_zone: string): IsoDate {
  return Utilities.formatDate(new Date(epoch_ms), time_zone, 'yyyy-MM-dd');
}
