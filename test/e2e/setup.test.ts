// Set-up, end to end in the built bundle: tabs, headers, protection, schema version, and the audit
// chain it starts; and that running it again changes nothing a user could see.
import { createHash } from 'crypto';
import { auditRowHash, GENESIS_HASH } from '../../src/core/audit/chain';
import {
  AUDIT_COLUMNS, CONVERSION_COLUMNS, EXCEPTION_COLUMNS, FX_COLUMNS, IMPORT_COLUMNS, PARTNER_COLUMNS, RULE_COLUMNS, SETTINGS_COLUMNS, TAB,
} from '../../src/core/schema/tabs';
import type { WorkbookSession } from '../../src/local/workbook-session';
import { MANAGER, OPS, OWNER, setUpSession, snapshot, STRANGER, type ActionOk, type ActionRefused } from './helpers';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Writes one cell as `email` would by typing into the sheet (through the Apps Script services, so protection applies). */
function typeInto(session: WorkbookSession, email: string, tab: string, a1: string, value: string): void {
  session.emulator.setActiveUser(email);
  const app = session.emulator.typedGlobals().SpreadsheetApp;
  app.getActiveSpreadsheet().getSheetByName(tab)!.getRange(a1).setValue(value);
}

function auditRows(session: WorkbookSession): string[][] {
  return session.emulator.workbook.values(TAB.audit).slice(1).map((r) => r.map(String));
}

describe('e2e: setUpWorkbook', () => {
  const expected_headers: Array<[string, readonly string[]]> = [
    [TAB.partners, [...PARTNER_COLUMNS, ...IMPORT_COLUMNS]],
    [TAB.conversions, [...CONVERSION_COLUMNS, ...IMPORT_COLUMNS]],
    [TAB.rules, [...RULE_COLUMNS, ...IMPORT_COLUMNS]],
    [TAB.fx, [...FX_COLUMNS, ...IMPORT_COLUMNS]],
    [TAB.settings, SETTINGS_COLUMNS],
    [TAB.exceptions, EXCEPTION_COLUMNS],
    [TAB.audit, AUDIT_COLUMNS],
  ];

  it.each(expected_headers)('creates the %s tab with its canonical bold, frozen header row', (tab, headers) => {
    const { workbook } = setUpSession().emulator;
    expect(workbook.values(tab, `A1:${String.fromCharCode(64 + headers.length)}1`)).toEqual([[...headers]]);
    expect(workbook.fontWeights(tab, 'A1')).toEqual([['bold']]);
    expect(workbook.info(tab).frozenRows).toBe(1);
  });

  it('writes the answers and the defaults of every other setting into Settings', () => {
    const { workbook } = setUpSession().emulator;
    const settings = new Map(workbook.values(TAB.settings).slice(1).map((r) => [String(r[0]), String(r[1])]));
    expect(settings.get('managers')).toBe(MANAGER);
    expect(settings.get('operators')).toBe(OPS);
    expect(settings.get('base_currency')).toBe('USD');
    expect(settings.get('hold_days')).toBe('30');
  });

  it('protects Settings for the owner and managers only, and the add-on tabs for staff only', () => {
    const { workbook } = setUpSession().emulator;
    expect(workbook.protection(TAB.settings)?.editors.sort()).toEqual([MANAGER, OWNER].sort());
    for (const tab of [TAB.audit, TAB.exceptions]) {
      const editors = workbook.protection(tab)?.editors ?? [];
      expect(editors).toEqual(expect.arrayContaining([OWNER, MANAGER, OPS]));
      expect(editors).not.toContain(STRANGER);
      expect(workbook.protection(tab)?.warningOnly).toBe(false);
    }
    // Input tabs are for ops to edit freely.
    expect(workbook.protection(TAB.conversions)).toBeNull();
    expect(workbook.protection(TAB.partners)).toBeNull();
  });

  it('refuses a direct write to Audit by someone who is not an editor of it', () => {
    const session = setUpSession();
    const before = snapshot(session);
    expect(() => typeInto(session, STRANGER, TAB.audit, 'A5', 'forged')).toThrow(/protected/);
    expect(snapshot(session)).toBe(before);
  });

  it('lets only the owner and managers write to Settings directly', () => {
    const session = setUpSession();
    expect(() => typeInto(session, OPS, TAB.settings, 'B2', 'EUR')).toThrow(/protected/);
    expect(() => typeInto(session, STRANGER, TAB.settings, 'B2', 'EUR')).toThrow(/protected/);
    expect(() => typeInto(session, MANAGER, TAB.settings, 'C2', 'checked by Maria')).not.toThrow();
    expect(() => typeInto(session, OWNER, TAB.settings, 'C3', 'checked by the owner')).not.toThrow();
    expect(session.emulator.workbook.values(TAB.settings, 'C2:C3')).toEqual([['checked by Maria'], ['checked by the owner']]);
  });

  it('records the schema version in the document properties', () => {
    const session = setUpSession();
    expect(session.emulator.documentProperties.get('schema.version')).toBe('2');
  });

  it('starts the audit chain at 64 zeros, and each row hashes the one before it', () => {
    const session = setUpSession();
    let rows = auditRows(session);
    expect(rows).toHaveLength(1);
    const [time_utc, actor, action, subject, details, prev_hash, hash] = rows[0]!;
    expect([actor, action]).toEqual([OWNER, 'SETUP']);
    expect(prev_hash).toBe('0'.repeat(64));
    expect(prev_hash).toBe(GENESIS_HASH);
    expect(hash).toBe(auditRowHash(GENESIS_HASH, { time_utc: time_utc!, actor: actor!, action: action!, subject: subject!, details: details! }, sha256));
    expect(session.emulator.documentProperties.get('audit.head_hash')).toBe(hash);

    session.run(OWNER, 'setUpWorkbook', {});
    rows = auditRows(session);
    expect(rows).toHaveLength(2);
    expect(rows[1]![5]).toBe(rows[0]![6]); // row 3's prev_hash is row 2's hash
    const [t2, a2, ac2, s2, d2, p2, h2] = rows[1]!;
    expect(h2).toBe(auditRowHash(p2!, { time_utc: t2!, actor: a2!, action: ac2!, subject: s2!, details: d2! }, sha256));
    expect(session.emulator.documentProperties.get('audit.head_hash')).toBe(h2);
    expect(session.emulator.documentProperties.get('audit.rows')).toBe('2');
  });

  it('adds nothing when run a second time: same tabs, headers, settings, protections and schema version', () => {
    const session = setUpSession();
    const { workbook } = session.emulator;
    const tabs = workbook.sheetNames();
    const look = () => tabs.filter((t) => t !== TAB.audit).map((t) => ({
      t, values: workbook.values(t), protection: workbook.protection(t), formats: workbook.numberFormats(t),
    }));
    const before = look();
    const again = session.run<ActionOk | ActionRefused>(OWNER, 'setUpWorkbook', { settings: [['hold_days', '45']] });
    expect(again.ok).toBe(true);
    expect(again.ok && again['created_tabs']).toEqual([]);
    expect(again.ok && again['settings_added']).toEqual([]);
    expect(workbook.sheetNames()).toEqual(tabs);
    expect(look()).toEqual(before); // an answer for a key already set does not overwrite it
    expect(session.emulator.documentProperties.get('schema.version')).toBe('2');
  });

  it('is refused to an operator, and the workbook stays as it was apart from the refusal in Audit', () => {
    const session = setUpSession();
    const settings_before = session.emulator.workbook.values(TAB.settings);
    const result = session.run<ActionOk | ActionRefused>(OPS, 'setUpWorkbook', { settings: [['hold_days', '1']] });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.code).toBe('NOT_PERMITTED');
    expect(session.emulator.workbook.values(TAB.settings)).toEqual(settings_before);
    expect(auditRows(session).map((r) => [r[1], r[2]])).toEqual([[OWNER, 'SETUP'], [OPS, 'REFUSED']]);
  });
});
