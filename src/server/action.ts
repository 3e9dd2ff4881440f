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
import { flushDocumentProperties, startPropertiesAction } from '../gas/properties';
import { findTab, readTab, SpreadsheetFullError, startAction } from '../gas/sheets';
import { firstTabNotEditable, mayEditTab } from '../gas/protection';
import { SCHEMA_VERSION_KEY, appendChained, beginJournal, endJournal, prepareChainedTabs } from './chained-tabs';
import { loadSettings } from './settings-source';
import { BUSY_MESSAGE, refuse, type ActionResult, type Refusal } from './result';

export const ANCHOR = {
  schema_version: SCHEMA_VERSION_KEY,
} as const;

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
  };

  const permission = permit(name, identity, settings);
  if (!mutates) return body(ctx);
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
      // Data writes carry the events recorded so far, so an interruption before flushAudit loses none.
      beginJournal(name, identity.email, now_utc, events);
      const done = body(ctx);
      flushAudit(events);
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
