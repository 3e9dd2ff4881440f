// The Partner Ledger menu. An add-on's onOpen may run before the user has authorised it
// (AuthMode.NONE), when only the Ui service is usable: so it builds the menu and nothing else.
import { buildAddonMenu, showSidebarFile, type MenuItem } from '../gas/ui';

export const SIDEBAR_FILE = 'Sidebar';
export const SIDEBAR_TITLE = 'Partner Ledger';

/** Menu captions and the top-level functions they call; every name must be a server export. */
export const MENU: ReadonlyArray<MenuItem | 'separator'> = [
  { caption: 'Open Partner Ledger', function_name: 'showSidebar' },
  'separator',
  { caption: 'Set up this spreadsheet', function_name: 'menuSetUp' },
  { caption: 'Validate inputs', function_name: 'menuValidate' },
  { caption: 'Post commissions', function_name: 'menuPost' },
  { caption: 'Build payout batch', function_name: 'menuBuildBatch' },
  'separator',
  { caption: 'Verify audit trail', function_name: 'menuVerify' },
];

export function onOpen(_event?: GoogleAppsScript.Events.SheetsOnOpen): void {
  buildAddonMenu(MENU);
}

/** Installing from the Marketplace does not fire onOpen for the open document, so do it here. */
export function onInstall(event?: GoogleAppsScript.Events.AddonOnInstall): void {
  onOpen(event as GoogleAppsScript.Events.SheetsOnOpen | undefined);
}

export function showSidebar(): void {
  showSidebarFile(SIDEBAR_FILE, SIDEBAR_TITLE);
}
