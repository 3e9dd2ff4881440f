import { activeSpreadsheet, findTab } from './sheets';
// Protection keeps hands off the add-on's tabs; role checks and the audit chain are what make the
// workflow trustworthy. Editors are set to exactly the given list (plus the owner, whom Sheets
// never removes).

/** Who a set-up added to and removed from a tab's protection (for its Audit row). */
export interface EditorChange {
  tab: string;
  added: string[];
  removed: string[];
}

export function protectTab(name: string, editors: readonly string[], description: string, owner_email = ''): EditorChange | null {
  const sheet = findTab(name);
  if (!sheet) return null;
  const existing = sheet.getProtections(SpreadsheetApp.ProtectionType.SHEET);
  const protection = existing.length > 0 ? existing[0] : sheet.protect();
  protection.setDescription(description);
  if (protection.canDomainEdit()) protection.setDomainEdit(false);
  const wanted = new Set(editors.map((e) => e.toLowerCase()).filter((e) => e !== ''));
  const current = protection.getEditors().map((u) => u.getEmail().toLowerCase());
  const to_remove = current.filter((e) => !wanted.has(e));
  const to_add = [...wanted].filter((e) => !current.includes(e));
  if (to_remove.length > 0) protection.removeEditors(to_remove);
  if (to_add.length > 0) protection.addEditors(to_add);
  // Sheets keeps the owner whatever is asked: the change reported is the one that took effect.
  return { tab: name, added: to_add, removed: to_remove.filter((e) => e !== owner_email.toLowerCase()) };
}

/** Whether the current user may write to a tab (its sheet protection allows them). */
export function mayEditTab(name: string): boolean {
  const sheet = findTab(name);
  if (!sheet) return false;
  const protections = sheet.getProtections(SpreadsheetApp.ProtectionType.SHEET);
  return protections.length === 0 || protections[0].canEdit();
}

/**
 * The first of `names` whose protection would stop the current user's writes (a tab that does not
 * exist yet stops nobody), or null: two calls a tab, asked before an action writes anything.
 */
export function firstTabNotEditable(names: readonly string[]): string | null {
  return names.find((name) => findTab(name) !== null && !mayEditTab(name)) ?? null;
}

/** The emails the spreadsheet is shared with for editing, the owner included (set-up only: a call per editor). */
export function spreadsheetEditors(): string[] {
  return activeSpreadsheet().getEditors().map((user) => user.getEmail().trim().toLowerCase()).filter((e) => e !== '');
}
