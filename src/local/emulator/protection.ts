// Sheet protection with Sheets' rules: the owner can always edit and can never be removed; a
// protection's editors may edit the sheet and change the protection; everyone else is refused.
import type { Env } from './env';
import { emailOf, User } from './user';
import type { ProtectionState, SheetState, SpreadsheetState } from './workbook';

export const PROTECTED_MESSAGE =
  'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.';

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

/** Whether `user` may edit what `p` protects. An empty email (identity withheld) is nobody's editor. */
export function canEditProtection(p: ProtectionState, user: string, owner: string): boolean {
  if (user === '') return false;
  if (user === owner || p.editors.includes(user)) return true;
  return p.domainEdit && domainOf(user) === domainOf(owner);
}

/** Throws Sheets' message when the active user may not change `sheet`. Warning-only protection
 * only warns in the UI, so scripts pass. */
export function assertCanEditSheet(env: Env, ss: SpreadsheetState, sheet: SheetState): void {
  const p = sheet.protection;
  if (!p || p.warningOnly) return;
  if (!canEditProtection(p, env.user(), ss.owner)) env.fail(PROTECTED_MESSAGE);
}

export class Protection {
  constructor(
    private readonly env: Env,
    private readonly ss: SpreadsheetState,
    private readonly sheet: SheetState,
    private readonly state: ProtectionState,
  ) {}

  private alive(): ProtectionState {
    if (this.sheet.protection !== this.state) this.env.fail('This protection has been removed.');
    return this.state;
  }

  /** Only someone who may edit the protected sheet may change its protection. */
  private change(what: string): ProtectionState {
    const p = this.alive();
    if (!canEditProtection(p, this.env.user(), this.ss.owner)) this.env.fail(PROTECTED_MESSAGE);
    this.env.mutate(what);
    return p;
  }

  addEditor(user: unknown): Protection {
    this.env.call('Protection.addEditor');
    const p = this.change('Protection.addEditor');
    addUnique(p.editors, [emailOf(user)]);
    return this;
  }

  addEditors(users: unknown[]): Protection {
    this.env.call('Protection.addEditors');
    const p = this.change('Protection.addEditors');
    addUnique(p.editors, Array.from(users, emailOf));
    return this;
  }

  removeEditor(user: unknown): Protection {
    this.env.call('Protection.removeEditor');
    const p = this.change('Protection.removeEditor');
    removeEditors(p, [emailOf(user)], this.ss.owner);
    return this;
  }

  removeEditors(users: unknown[]): Protection {
    this.env.call('Protection.removeEditors');
    const p = this.change('Protection.removeEditors');
    removeEditors(p, Array.from(users, emailOf), this.ss.owner);
    return this;
  }

  getEditors(): User[] {
    this.env.call('Protection.getEditors');
    return this.env.list(this.alive().editors.map((e) => new User(this.env, e)));
  }

  canEdit(): boolean {
    this.env.call('Protection.canEdit');
    return canEditProtection(this.alive(), this.env.user(), this.ss.owner);
  }

  canDomainEdit(): boolean {
    this.env.call('Protection.canDomainEdit');
    return this.alive().domainEdit;
  }

  setDomainEdit(editable: boolean): Protection {
    this.env.call('Protection.setDomainEdit');
    this.change('Protection.setDomainEdit').domainEdit = Boolean(editable);
    return this;
  }

  getDescription(): string {
    this.env.call('Protection.getDescription');
    return this.alive().description;
  }

  setDescription(description: string): Protection {
    this.env.call('Protection.setDescription');
    this.change('Protection.setDescription').description = String(description);
    return this;
  }

  isWarningOnly(): boolean {
    this.env.call('Protection.isWarningOnly');
    return this.alive().warningOnly;
  }

  setWarningOnly(warningOnly: boolean): Protection {
    this.env.call('Protection.setWarningOnly');
    this.change('Protection.setWarningOnly').warningOnly = Boolean(warningOnly);
    return this;
  }

  getProtectionType(): string {
    this.env.call('Protection.getProtectionType');
    return 'SHEET';
  }

  remove(): void {
    this.env.call('Protection.remove');
    this.change('Protection.remove');
    this.sheet.protection = null;
  }
}

function addUnique(list: string[], emails: string[]): void {
  for (const e of emails) if (e && !list.includes(e)) list.push(e);
}

function removeEditors(p: ProtectionState, emails: string[], owner: string): void {
  // The owner always keeps edit rights; Sheets ignores a request to remove them.
  p.editors = p.editors.filter((e) => e === owner || !emails.includes(e));
}
