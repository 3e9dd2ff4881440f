// Who may do what. Identity comes in as an argument (the shell reads it from the session); an
// empty email can prove nothing, so every privileged action fails closed for it.
import type { Email } from '../model';
import type { Settings } from '../settings';

export type Role = 'owner' | 'manager' | 'finance' | 'operator';

/** What each action needs. `anyone` actions read only and never change the workbook. */
export const ACTION_ROLES = {
  setup: ['owner', 'manager'],
  import: ['operator', 'manager', 'owner'],
  validate: ['operator', 'manager', 'owner'],
  post: ['operator', 'manager', 'owner'],
  build_batch: ['operator', 'manager', 'owner'],
  review: ['manager'],
  approve: ['manager'],
  reject: ['manager'],
  void: ['manager'],
  export: ['finance', 'manager'],
  mark_paid: ['finance', 'manager'],
  verify: 'anyone',
  summary: 'anyone',
} as const satisfies Record<string, readonly Role[] | 'anyone'>;

export type ActionName = keyof typeof ACTION_ROLES;

export interface Identity {
  email: Email;
  owner_email: Email;
}

/** The roles an email holds. The owner is a manager by default; empty operators = every editor. */
export function rolesOf(identity: Identity, settings: Pick<Settings, 'managers' | 'finance' | 'operators'>): Set<Role> {
  const roles = new Set<Role>();
  const email = identity.email.trim().toLowerCase();
  if (email === '') return roles;
  if (email === identity.owner_email.trim().toLowerCase()) roles.add('owner').add('manager');
  if (settings.managers.includes(email)) roles.add('manager');
  if (settings.finance.includes(email)) roles.add('finance');
  if (settings.operators.length === 0 || settings.operators.includes(email)) roles.add('operator');
  return roles;
}

export type Permission = { allowed: true } | { allowed: false; code: 'NO_EMAIL' | 'NOT_PERMITTED'; message: string };

export const EMPTY_EMAIL_MESSAGE =
  'Google did not tell the add-on who you are (your email address is hidden, which happens when ' +
  'your account is outside the spreadsheet owner\'s domain or you have not authorised the add-on), ' +
  'so this action is refused rather than recorded under no name. Sign in with the account the ' +
  'owner added to Settings, run Partner Ledger → Open once to authorise it, and try again.';

/** Decides whether an identity may run an action, with a message that says why not. */
export function permit(action: ActionName, identity: Identity, settings: Pick<Settings, 'managers' | 'finance' | 'operators'>): Permission {
  const needed = ACTION_ROLES[action];
  if (needed === 'anyone') return { allowed: true };
  if (identity.email.trim() === '') return { allowed: false, code: 'NO_EMAIL', message: EMPTY_EMAIL_MESSAGE };
  const roles = rolesOf(identity, settings);
  if (needed.some((role) => roles.has(role))) return { allowed: true };
  const who = needed.map(roleLabel).join(' or ');
  const holders = [...new Set(needed.flatMap((role) => holdersOf(role, identity, settings)))];
  const listed = holders.length === 0 ? '' : ` ${capitalised(needed.map(roleNoun).join(' or '))}: ${shortList(holders)}.`;
  return {
    allowed: false,
    code: 'NOT_PERMITTED',
    message: `${identity.email} may not ${action.replace('_', ' ')}: only ${who} may, and ${identity.email} is not one of them.${listed} ` +
      'Ask the owner to add you to the matching list in the Settings tab.',
  };
}

/** Who holds a role now (empty operators: every editor, said as such). */
function holdersOf(role: Role, identity: Identity, settings: Pick<Settings, 'managers' | 'finance' | 'operators'>): string[] {
  const owner = identity.owner_email.trim().toLowerCase();
  switch (role) {
    case 'owner': return owner === '' ? [] : [owner];
    case 'manager': return [...(owner === '' ? [] : [owner]), ...settings.managers];
    case 'finance': return settings.finance;
    case 'operator': return settings.operators.length === 0 ? ['every editor of the spreadsheet'] : settings.operators;
  }
}

function roleNoun(role: Role): string {
  return role === 'owner' ? 'the owner' : role === 'finance' ? 'finance' : `${role}s`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** At most ten names: a message, not a directory. */
function shortList(names: string[]): string {
  return names.length <= 10 ? names.join(', ') : `${names.slice(0, 10).join(', ')} and ${names.length - 10} more`;
}

function roleLabel(role: Role): string {
  switch (role) {
    case 'owner': return 'the spreadsheet owner';
    case 'manager': return 'managers (Settings: managers)';
    case 'finance': return 'finance (Settings: finance)';
    case 'operator': return 'operators (Settings: operators)';
  }
}

/**
 * Why someone whose role allows an action is stopped by a tab's protection, and who can fix it.
 * Protections list the staff Settings named when set-up last ran (with operators empty, the
 * spreadsheet's editors then): someone added since is not among them until set-up runs again.
 */
export function notAnEditorMessage(action: ActionName, identity: Identity, settings: Pick<Settings, 'managers' | 'finance' | 'operators'>, tab: string): string {
  const needed = ACTION_ROLES[action];
  const roles = rolesOf(identity, settings);
  const held = needed === 'anyone' ? undefined : needed.find((role) => roles.has(role));
  const as = held === undefined ? '' : ` as ${held === 'operator' && settings.operators.length === 0
    ? 'an operator (Settings: operators is empty, so every editor of the spreadsheet is one)'
    : ROLE_AS[held]}`;
  const owner = identity.owner_email === '' ? '' : ` (${identity.owner_email})`;
  return `${identity.email} may ${action.replace('_', ' ')}${as}, but is not among the editors of the protected ${tab} tab: ` +
    'its protection lists the people Settings named when Set-up last ran. Nothing was changed. ' +
    `The spreadsheet owner${owner} or a manager should run Extensions → Partner Ledger → Set up this spreadsheet again, ` +
    "which re-applies Settings' managers, finance and operators (with operators empty, the spreadsheet's editors) " +
    "to the tabs' protections; then try again.";
}

const ROLE_AS: Record<Role, string> = {
  owner: 'the spreadsheet owner',
  manager: 'a manager (Settings: managers)',
  finance: 'finance (Settings: finance)',
  operator: 'an operator (Settings: operators)',
};
