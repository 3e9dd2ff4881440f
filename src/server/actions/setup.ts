// Set up (and later migrate) a spreadsheet: create the input and add-on tabs with their headers,
// write Settings, protect the add-on's tabs, record the schema version. Safe to run again: it only
// adds what is missing and never rewrites posted data or a setting someone already changed.
import type { Cell } from '../../core/model';
import {
  AUDIT_COLUMNS, CONVERSION_COLUMNS, EXCEPTION_COLUMNS, FX_COLUMNS, IMPORT_COLUMNS, PARTNER_COLUMNS,
  REVIEW_COLUMNS, RULE_COLUMNS, SETTINGS_COLUMNS, TAB,
} from '../../core/schema/tabs';
import { BATCHES_TAB_HEADER } from '../../core/payout';
import { CHAIN_COLUMNS, EMPTY_ANCHOR, advanceAnchor, chainRows } from '../../core/audit/tab-chain';
import { sha256Hex } from '../../gas/digest';
import { LEDGER_TAB_HEADER } from '../ledger-source';
import { SETTINGS_DEFAULT_TEXT, type Settings } from '../../core/settings';
import { readDocumentProperty, writeDocumentProperties } from '../../gas/properties';
import { protectTab, spreadsheetEditors, type EditorChange } from '../../gas/protection';
import { appendRows, cutColumnsTo, ensureTab, findTab, readTab, replaceBody } from '../../gas/sheets';
import { anchorProperties, REVIEWS_CHAINED_SINCE } from '../chained-tabs';
import { alert } from '../../gas/ui';
import { ANCHOR, runAction } from '../action';
import { marksKey } from './validate';
import { refuse, type ActionResult } from '../result';
import { settingsFromPairs } from '../settings-source';
import { canonicalSettingKey } from '../../core/input/settings';

/** Bumped when a tab's layout changes; set-up migrates older workbooks forward. v2: Reviews is chained. */
export const SCHEMA_VERSION = 2;

export interface SetUpRequest {
  /** Answers from the set-up interview or a settings file: `[key, value]` pairs. */
  settings?: Array<[string, string]>;
}

export interface SetUpReport {
  summary: string;
  created_tabs: string[];
  settings_added: string[];
  schema_version: number;
}

const INPUT_TABS: ReadonlyArray<readonly [string, readonly string[]]> = [
  [TAB.partners, [...PARTNER_COLUMNS, ...IMPORT_COLUMNS]],
  [TAB.conversions, [...CONVERSION_COLUMNS, ...IMPORT_COLUMNS]],
  [TAB.rules, [...RULE_COLUMNS, ...IMPORT_COLUMNS]],
  [TAB.fx, [...FX_COLUMNS, ...IMPORT_COLUMNS]],
];

/** The add-on's own tabs, written only by the add-on. */
const ADDON_TABS: ReadonlyArray<readonly [string, readonly string[]]> = [
  [TAB.ledger, LEDGER_TAB_HEADER],
  [TAB.batches, BATCHES_TAB_HEADER],
  [TAB.reviews, [...REVIEW_COLUMNS, ...CHAIN_COLUMNS]],
  [TAB.exceptions, EXCEPTION_COLUMNS],
  [TAB.audit, AUDIT_COLUMNS],
];

const SET_UP_TABS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ...INPUT_TABS, [TAB.settings, SETTINGS_COLUMNS], ...ADDON_TABS,
];

export function setUpWorkbook(request: SetUpRequest = {}): ActionResult<SetUpReport> {
  return runAction('setup', (ctx) => {
    const answers = Array.isArray(request.settings) ? request.settings : [];
    const existing = readTab(TAB.settings);
    const plan = planSettings(existing ? existing.rows : [], answers);
    // Check the would-be Settings before writing anything: a bad answer leaves the workbook as it was.
    const checked = settingsFromPairs(plan.resulting);
    if (!checked.ok) return refuse('BAD_SETTINGS', 'Some settings are not valid; nothing was set up. Fix them and run set-up again.', checked.errors);

    const created: string[] = [];
    for (const [name, headers] of SET_UP_TABS) {
      if (ensureTab(name, headers)) created.push(name);
    }
    if (plan.to_append.length > 0) appendRows(TAB.settings, plan.to_append, [0, 1, 2]);
    ctx.wroteSettings([...(existing ? existing.rows : []), ...plan.to_append]);
    const editors_changed = protectAddonTabs(checked.settings, ctx.identity.owner_email);
    const trimmed = trimTabsToHeaders(new Set(created));

    const previous_version = Number(readDocumentProperty(ANCHOR.schema_version) ?? '0');
    if (previous_version < REVIEWS_CHAINED_SINCE) chainReviewsOfVersion1();
    // A tab created now holds no Validate marks: saying so spares the first Validate reading the
    // tab's notes and backgrounds (see validate.ts). Tabs that already existed keep their count.
    const fresh_marks = Object.fromEntries(INPUT_TABS.filter(([name]) => created.includes(name)).map(([name]) => [marksKey(name), '0']));
    const props = { ...fresh_marks, ...(previous_version < SCHEMA_VERSION ? { [ANCHOR.schema_version]: String(SCHEMA_VERSION) } : {}) };
    if (Object.keys(props).length > 0) writeDocumentProperties(props);
    const added = plan.to_append.map((row) => String(row[0]));
    ctx.audit('SETUP', 'workbook', JSON.stringify({
      created_tabs: created, settings_added: added, schema_version: SCHEMA_VERSION,
      ...(trimmed.length > 0 ? { trimmed_tabs: trimmed } : {}),
      ...(editors_changed.length > 0 ? { protection_editors: editors_changed } : {}),
    }));
    const summary = (created.length > 0
      ? `created ${created.join(', ')}; ${added.length} settings written; schema v${SCHEMA_VERSION}`
      : `already set up (schema v${SCHEMA_VERSION}); ${added.length} missing settings added`)
      + (trimmed.length > 0 ? `; ${trimmed.join(', ')} cut to their columns` : '')
      + (editors_changed.length > 0 ? `; protection editors updated from Settings on ${editors_changed.map((c) => c.tab).join(', ')}` : '');
    return { ok: true, summary, created_tabs: created, settings_added: added, schema_version: SCHEMA_VERSION };
  }, { allow_missing_setup: true });
}

/**
 * Schema v1 kept Reviews unchained. Its rows are chained as they stand (they were written before
 * the tab could be verified) and anchored, so later decisions typed in by hand show in Verify.
 */
function chainReviewsOfVersion1(): void {
  const tab = readTab(TAB.reviews);
  if (!tab || tab.headers.includes(CHAIN_COLUMNS[1])) return;
  const body = tab.rows.filter((r) => r.some((c) => c !== '')).map((r) => REVIEW_COLUMNS.map((_, i) => r[i] ?? ''));
  const chained = chainRows(EMPTY_ANCHOR.head_hash, body, sha256Hex);
  replaceBody(TAB.reviews, [...REVIEW_COLUMNS, ...CHAIN_COLUMNS], chained.rows as Cell[][], [...REVIEW_COLUMNS.map((_, i) => i), REVIEW_COLUMNS.length, REVIEW_COLUMNS.length + 1]);
  writeDocumentProperties(anchorProperties(TAB.reviews, advanceAnchor(EMPTY_ANCHOR, chained)));
}

/**
 * A spreadsheet holds at most 10,000,000 cells counted over every tab's whole grid, and a new tab
 * has 26 columns: an 11-column Conversions row would cost 26 cells. Each tab is cut to its header
 * width (wider tabs were already grown to it). A tab set up before this is trimmed when set-up runs
 * again, only if the user put nothing beyond its header width: no value or formula (Sheets' last
 * column), no note, no colour. Returns the tabs trimmed that were not created now.
 */
function trimTabsToHeaders(created: ReadonlySet<string>): string[] {
  const trimmed: string[] = [];
  for (const [name, headers] of SET_UP_TABS) {
    const sheet = findTab(name);
    if (!sheet) continue;
    const width = Math.max(headers.length, 1);
    if (!created.has(name)) {
      const columns = sheet.getMaxColumns();
      if (columns <= width || sheet.getLastColumn() > width || userMarksBeyond(sheet, width, columns)) continue;
      trimmed.push(name);
    }
    cutColumnsTo(name, width);
  }
  return trimmed;
}

/** A note or a colour beyond the header, which deleting those columns would lose (set-up only). */
function userMarksBeyond(sheet: GoogleAppsScript.Spreadsheet.Sheet, width: number, columns: number): boolean {
  const beyond = sheet.getRange(1, width + 1, sheet.getMaxRows(), columns - width);
  return beyond.getNotes().some((row) => row.some((note) => note !== '')) ||
    beyond.getBackgrounds().some((row) => row.some((colour) => colour.toLowerCase() !== '#ffffff'));
}

export function menuSetUp(): void {
  const result = setUpWorkbook({});
  alert('Partner Ledger set-up', result.ok ? `Done: ${result.summary}.` : result.message);
}

interface SettingsPlan {
  /** New Settings rows (key, value, help) for keys the tab does not have yet. */
  to_append: Cell[][];
  /** Every row the tab will hold afterwards, in order (blank rows too, so row numbers are the tab's), to validate before writing. */
  resulting: Array<[string, string]>;
}

/**
 * Keys already in the tab keep their values (someone may have changed them); missing keys are
 * added with the interview's answer or the default. Nothing is collapsed: a key written twice (in
 * the tab or among the answers, in any case or spelling) reaches validation twice, which reports
 * both rows, and answers for unknown keys are kept so that validation reports them too.
 */
function planSettings(existing_rows: Cell[][], answers: Array<[string, string]>): SettingsPlan {
  const resulting: Array<[string, string]> = existing_rows.map((row) => [String(row[0] ?? ''), String(row[1] ?? '')]);
  const keyOf = (text: string): string => canonicalSettingKey(text) ?? text.trim();
  const present = new Set(resulting.filter(([key]) => key.trim() !== '').map(([key]) => keyOf(key)));
  const answered = answers.map(([k, v]): [string, string] => [String(k).trim(), String(v)]);
  const to_append: Cell[][] = [];
  for (const [key, default_value, help] of SETTINGS_DEFAULT_TEXT) {
    if (present.has(key)) continue;
    const given = answered.filter(([k]) => keyOf(k) === key);
    if (given.length === 0) to_append.push([key, default_value, help]);
    given.forEach(([, value], i) => to_append.push([key, value, i === 0 ? help : '']));
  }
  const known = new Set(SETTINGS_DEFAULT_TEXT.map(([key]) => key));
  for (const [key, value] of answered) {
    if (!known.has(keyOf(key)) && !present.has(keyOf(key))) to_append.push([key, value, '']);
  }
  resulting.push(...to_append.map((row): [string, string] => [String(row[0]), String(row[1])]));
  return { to_append, resulting };
}

/**
 * Editors of the add-on's tabs: the owner, managers, operators and finance (finance appends payout
 * entries when marking a batch paid). Settings: the owner and managers only. With operators empty
 * every editor of the spreadsheet operates, so its editors as they are now are staff too; someone
 * the spreadsheet is shared with later is refused, saying so, until set-up runs again. Returns the
 * tabs whose editors changed (set-up run again after Settings changed re-applies them).
 */
function protectAddonTabs(settings: Settings, owner_email: string): EditorChange[] {
  const operators = settings.operators.length > 0 ? settings.operators : spreadsheetEditors();
  const staff = unique([owner_email, ...settings.managers, ...operators, ...settings.finance]);
  const managers = unique([owner_email, ...settings.managers]);
  const changes = [
    protectTab(TAB.settings, managers, 'Partner Ledger settings: owner and managers only', owner_email),
    ...ADDON_TABS.map(([name]) => protectTab(name, staff, 'Written only by the Partner Ledger add-on', owner_email)),
  ];
  return changes.filter((c): c is EditorChange => c !== null && (c.added.length > 0 || c.removed.length > 0));
}

function unique(emails: string[]): string[] {
  return [...new Set(emails.map((e) => e.trim().toLowerCase()).filter((e) => e !== ''))];
}
