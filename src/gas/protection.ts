import { findTab } from './sheets';
// Protection keeps hands off the add-on's tabs; role checks and the audit chain are what make the
// workflow trustworthy. Editors are set to exactly the given list (plus the owner, whom Sheets
// never removes).
export function protectTab(name: string, editors: readonly string[], description: string): void {
  const sheet = findTab(name);
  if (!sheet) return;
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
}

/** Whether the current user may write to a tab (its sheet protection allows them). */
export function mayEditTab(name: string): boolean {
  const sheet = findTab(name);
  if (!sheet) return false;
  const protections = sheet.getProtections(SpreadsheetApp.ProtectionType.SHEET);
  return protections.length === 0 || protections[0].canEdit();
}
