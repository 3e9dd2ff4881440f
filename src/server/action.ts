// The one way a server function runs: find out who is calling, load Settings, check the role, take
// the document lock for anything that writes, run the body, and chain the audit events it recorded.
// Bodies never touch the lock, roles or audit plumbing themselves.
import { ACTION_ROLES, notAnEditorMessage, permit, type ActionName, type Identity } from '../core/access/roles';
import type { AuditEvent } from '../core/audit/chain';
import type { IsoDate } from '../core/model';
import { TAB } from '../core/schema/tabs';
import type { Settings } from '../core/settings';
import { dateInZone, nowUtcIso, spreadsheetTimeZone } from '../gas/clock';
import { currentIdentity } from '../gas/identity';
import { withDocumentLock } from '../gas/lock';
import { deferDocumentProperties, flushDocumentProperties, readDocumentProperty, startPropertiesAction } from '../gas/properties';
import { findTab, FIRST_DATA_ROW, lastRow, readTab, SpreadsheetFullError, startAction } from '../gas/sheets';
import { sha256Hex } from '../gas/digest';
import { settingsChanges, settingsSnapshot } from '../core/input/settings';
import type { Cell } from '../core/model';
import { firstTabNotEditable, mayEditTab } from '../gas/protection';
import { SCHEMA_VERSION_KEY, appendChained, beginJournal, endJournal, prepareChainedTabs } from './chained-tabs';
import { baseCurrencyRefusal, loadSettings } from './settings-source';
import { LEDGER_COLUMNS } from '../core/earnings';
import { BUSY_MESSAGE, refuse, type ActionResult, type Refusal } from './result';

export const ANCHOR = {
  schema_version: SCHEMA_VERSION_KEY,
} as const;

/** The Document Property holding the Settings the last action saw (see noticeSettingsChanges). */
const SETTINGS_SEEN_KEY = 'settings.seen';

export interface ActionContext {
  identity: Identity;
  /** The caller's email: never empty inside a mutating action. */
  actor: string;
  settings: Settings;
  time_zone: string;
  now_utc: string;
  as_of: IsoDate;
  /** The calendar date of an instant in the settings time zone (for Sheets date cells). */
  dateOfInstant(epoch_ms: number): IsoDate;
  /** Records an audit event; written with the action's other writes, under the same lock. */
  audit(action: string, subject: string, details: string): void;
  /** Set-up: the Settings rows (from row 2) it leaves, which the next action compares the tab with. */
  wroteSettings(rows: readonly Cell[][]): void;
}

interface RunOptions {
  /** Set-up may run before the Settings tab exists; everything else needs it. */
  allow_missing_setup?: boolean;
  /**
   * Tabs the body reads whole anyway: read first, under the lock, so the chained-tab check before
   * the body takes their row counts from the read instead of asking Sheets once more per tab.
   */
  reads?: readonly string[];
}

export function runAction<T extends object>(
  name: ActionName,
  body: (ctx: ActionContext) => ActionResult<T>,
  options: RunOptions = {},
): ActionResult<T> {
  startAction();
  startPropertiesAction();
  const identity = currentIdentity();
  const loaded = loadSettings();
  const mutates = ACTION_ROLES[name] !== 'anyone';
  // Read-only actions still work on a workbook with bad Settings, so the sidebar can show the problem.
  const tolerated = !loaded.ok && ((loaded.code === 'NOT_SET_UP' && options.allow_missing_setup) || !mutates);
  if (!loaded.ok && !tolerated) return { ok: false, code: loaded.code, message: loaded.message, errors: loaded.errors };
  const settings = loaded.ok ? loaded.settings : loaded.defaults;
  const events: AuditEvent[] = [];
  let written_settings: string | null = null;
  const now_utc = nowUtcIso();
  const time_zone = settings.time_zone || spreadsheetTimeZone();
  const ctx: ActionContext = {
    identity,
    actor: identity.email,
    settings,
    time_zone,
    now_utc,
    as_of: dateInZone(Date.parse(now_utc), time_zone),
    dateOfInstant: (epoch_ms) => dateInZone(epoch_ms, time_zone),
    audit: (action, subject, details) => events.push({ time_utc: now_utc, actor: identity.email, action, subject, details }),
    wroteSettings: (rows) => { written_settings = settingsSnapshot(rows, FIRST_DATA_ROW, sha256Hex); },
  };

  const permission = permit(name, identity, settings);
  if (!mutates) return (CURRENCY_FREE.has(name) ? null : baseCurrencyRefusal(settings, ledgerCurrency(options))) ?? body(ctx);
  const resumer = { actor: identity.email, time_utc: now_utc, action: name };
  const locked = withDocumentLock((): ActionResult<T> => {
    const result = ((): ActionResult<T> => {
      if (!permission.allowed) {
        ctx.audit('REFUSED', name, `${permission.code}: ${permission.message}`);
        return recordRefusal(events, refuse(permission.code, permission.message), resumer);
      }
      const stopped = firstTabNotEditable(protectedTabsWritten(name));
      if (stopped !== null) {
        return refuse('NOT_PERMITTED', `${notAnEditorMessage(name, identity, settings, stopped)} (This refusal could not be written to Audit: you cannot edit the protected ${stopped} tab.)`);
      }
      for (const tab of options.reads ?? []) readTab(tab);
      const damaged = prepareChainedTabs(resumer);
      if (damaged) return refuse('FAILED', damaged);
      const settings_seen = noticeSettingsChanges(ctx);
      const wrong_currency = CURRENCY_FREE.has(name) ? null : baseCurrencyRefusal(settings, ledgerCurrency(options));
      if (wrong_currency) ctx.audit('REFUSED', name, `BAD_SETTINGS: ${wrong_currency.message}`);
      // Data writes carry the events recorded so far, so an interruption before flushAudit loses none.
      beginJournal(name, identity.email, now_utc, events);
      const done = wrong_currency ?? body(ctx);
      flushAudit(events);
      // What this action saw moves only after the Audit rows that report the change (with their
      // anchor, in the action's last property write): a stop before then reports it again.
      const seen = written_settings ?? settings_seen;
      if (seen !== null) deferDocumentProperties({ [SETTINGS_SEEN_KEY]: seen });
      endJournal();
      return done;
    })();
    // Anchors deferred by the last chained write go out before the lock does.
    flushDocumentProperties();
    return result;
  });
  return locked.acquired ? locked.value : refuse('BUSY', BUSY_MESSAGE);
}

/**
 * Compares the Settings tab with what the last action saw and records a SETTINGS_CHANGED event
 * (keys, rows, old → new values) before the action does anything else, so that Audit shows, for
 * instance, separation of duties turned off before the approval it allowed. Sheets does not tell
 * the script who edited a cell, so the row names who noticed. Costs no call: the tab and the
 * properties were read already. Returns the snapshot to keep once the Audit rows are written.
 */
function noticeSettingsChanges(ctx: ActionContext): string | null {
  const tab = readTab(TAB.settings);
  if (!tab) return null;
  const previous = readDocumentProperty(SETTINGS_SEEN_KEY);
  const changes = settingsChanges(previous, tab.rows, FIRST_DATA_ROW, sha256Hex);
  if (changes.length === 0) return null;
  ctx.audit('SETTINGS_CHANGED', TAB.settings, JSON.stringify({
    changes, noticed_by: ctx.actor,
    note: (previous === null ? 'No earlier Settings were recorded (the workbook was set up by an older version): these values stand from now on. ' : '') +
      'The Settings tab was edited since the last Partner Ledger action. Google Sheets does not tell the add-on who edited it: ' +
      `${ctx.actor} is who ran the next action and noticed; File → Version history shows who made the edit.`,
  }));
  return settingsSnapshot(tab.rows, FIRST_DATA_ROW, sha256Hex);
}

/** Actions that never read an amount: set-up, and Verify, which hashes rows as they are. */
const CURRENCY_FREE: ReadonlySet<ActionName> = new Set(['setup', 'verify']);

/**
 * The base currency of the Ledger's first entry ('' while it has none). From the whole-tab read
 * when the action reads the Ledger anyway; otherwise one cell (the tab's extent is known already
 * for a mutating action: the chained-tab check asked it).
 */
function ledgerCurrency(options: RunOptions): string {
  const column = LEDGER_COLUMNS.indexOf('base_currency');
  if (options.reads?.includes(TAB.ledger)) return String(readTab(TAB.ledger)?.rows[0]?.[column] ?? '').trim();
  const sheet = findTab(TAB.ledger);
  if (!sheet || lastRow(TAB.ledger) < FIRST_DATA_ROW) return '';
  return String(sheet.getRange(FIRST_DATA_ROW, column + 1).getValue()).trim();
}

/**
 * The protected tabs whose protection must let the user write before an action starts: Sheets
 * would otherwise stop it mid-write with its own error. Every action writes Audit, whose editors
 * are those of every add-on tab (set-up sets them together); set-up also rewrites Settings and the
 * protections themselves, which only Settings' editors (the owner, managers) may change.
 */
function protectedTabsWritten(name: ActionName): string[] {
  return name === 'setup' ? [TAB.settings, TAB.audit] : [TAB.audit];
}

/**
 * A refusal is audited when the caller may write the Audit tab; when protection stops even that
 * (a stranger to the workbook), the refusal still reaches the user, saying it was not recorded.
 */
function recordRefusal<T extends object>(events: AuditEvent[], refusal: ActionResult<T>, resumer: { actor: string; time_utc: string; action: string }): ActionResult<T> {
  if (refusal.ok) return refusal;
  // Checked first, because an attempt would leave its intent in Document Properties, which
  // sheet protection does not cover: a refused stranger must change nothing at all.
  if (!mayEditTab(TAB.audit)) {
    return { ...refusal, message: `${refusal.message} (This refusal could not be written to Audit: you cannot edit the protected Audit tab.)` };
  }
  if (prepareChainedTabs(resumer) !== null) return refusal;
  flushAudit(events);
  return refusal;
}

/** Appends the events to the Audit chain (rows first, anchor last). */
export function flushAudit(events: AuditEvent[]): void {
  if (events.length === 0 || !findTab(TAB.audit)) return;
  const body = events.map((e) => [e.time_utc, e.actor, e.action, e.subject, e.details]);
  appendChained(TAB.audit, body, [0, 1, 2, 3, 4]);
  events.length = 0;
}

/**
 * Makes room for an action's writes before any of them: a spreadsheet at Sheets' cell limit is a
 * refusal (audited) with nothing written, not an exception halfway through.
 */
export function refusedWhenFull(ctx: ActionContext, action: string, grow: () => void): Refusal | null {
  try {
    grow();
    return null;
  } catch (error) {
    if (!(error instanceof SpreadsheetFullError)) throw error;
    ctx.audit('REFUSED', action, `SPREADSHEET_FULL: ${error.message}`);
    return refuse('SPREADSHEET_FULL', error.message);
  }
}
