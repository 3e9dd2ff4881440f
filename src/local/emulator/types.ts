// Types shared by the emulator's services and its public API. Nothing here touches Apps Script.
import type { Cell } from '../../core/model';

export type { Cell };

export type AuthModeName = 'NONE' | 'LIMITED' | 'FULL';

/** The intrinsics of the JavaScript realm a value is handed to: a bundle loaded in a vm context
 * has its own `Date`, `Array`, `Error`..., and `instanceof` only works with the realm's own. */
export interface Realm {
  Date: DateConstructor;
  Array: ArrayConstructor;
  Object: ObjectConstructor;
  Error: ErrorConstructor;
  JSON: JSON;
}

export type MenuEntry =
  | { kind: 'item'; caption: string; functionName: string }
  | { kind: 'separator' }
  | { kind: 'submenu'; menu: MenuRecord };

export interface MenuRecord {
  /** The menu's caption; an add-on menu (createAddonMenu) is named '(add-on)'. */
  name: string;
  addon: boolean;
  items: MenuEntry[];
}

export type ButtonName = 'CLOSE' | 'OK' | 'CANCEL' | 'YES' | 'NO';
export type ButtonSetName = 'OK' | 'OK_CANCEL' | 'YES_NO' | 'YES_NO_CANCEL';

export interface AlertRecord {
  title: string;
  prompt: string;
  buttons: ButtonSetName;
  response: ButtonName;
}

export interface SentMail {
  to: string;
  subject: string;
  body: string;
  htmlBody?: string;
  cc?: string;
  bcc?: string;
  name?: string;
  replyTo?: string;
  /** The effective user the mail was sent as ('' when unknown). */
  from: string;
}

export interface LogRecord {
  level: 'log' | 'info' | 'warn' | 'error' | 'Logger';
  message: string;
}

export interface TriggerRecord {
  id: string;
  handler: string;
  /** 'CLOCK' | 'ON_OPEN' | 'ON_EDIT' | 'ON_CHANGE' | 'ON_FORM_SUBMIT' */
  eventType: string;
  /** 'CLOCK' | 'SPREADSHEETS' */
  source: string;
  sourceId: string | null;
  /** Installable triggers belong to the user who created them. */
  owner: string;
  /** e.g. { everyHours: 1 } or { atHour: 2, everyDays: 1 }. */
  schedule: Record<string, number | string>;
}

export interface ServiceStats {
  /** Calls per 'Service.method', e.g. calls['Range.getValues']. */
  readonly calls: Record<string, number>;
  readonly totalCalls: number;
  readonly cellsRead: number;
  readonly cellsWritten: number;
  /** Calls that change the workbook, properties, mail, triggers or protections. */
  readonly mutatingCalls: number;
}
