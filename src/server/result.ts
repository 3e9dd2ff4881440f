// What every server function returns to the sidebar, the menu and the CLI: JSON-only values
// (google.script.run refuses Dates and functions), with user problems as values, never exceptions.
import type { RowError } from '../core/model';

export type RefusalCode =
  | 'NO_EMAIL'
  | 'NOT_PERMITTED'
  | 'BUSY'
  | 'NOT_SET_UP'
  | 'BAD_SETTINGS'
  | 'STRUCTURAL'
  | 'NOT_AVAILABLE'
  | 'INVALID_REQUEST'
  | 'SPREADSHEET_FULL'
  | 'FAILED';

export interface Refusal {
  ok: false;
  code: RefusalCode;
  message: string;
  errors?: RowError[];
}

export type Done<T> = { ok: true } & T;
export type ActionResult<T extends object> = Done<T> | Refusal;

export function refuse(code: RefusalCode, message: string, errors?: RowError[]): Refusal {
  return errors ? { ok: false, code, message, errors } : { ok: false, code, message };
}

export const BUSY_MESSAGE =
  'Another Partner Ledger action is running in this spreadsheet (yours in another tab, or a ' +
  "colleague's). Nothing was changed. Try again in a minute.";
