// The spreadsheet UI: menu, sidebar, alerts. onOpen may run without authorisation, so menu building
// touches nothing but the Ui service.
export interface MenuItem {
  caption: string;
  /** A top-level function name in the pushed bundle. */
  function_name: string;
}

export function buildAddonMenu(items: ReadonlyArray<MenuItem | 'separator'>): void {
  const menu = SpreadsheetApp.getUi().createAddonMenu();
  for (const item of items) {
    if (item === 'separator') menu.addSeparator();
    else menu.addItem(item.caption, item.function_name);
  }
  menu.addToUi();
}

export function showSidebarFile(file: string, title: string): void {
  const html = HtmlService.createHtmlOutputFromFile(file).setTitle(title);
  SpreadsheetApp.getUi().showSidebar(html);
}

export function alert(title: string, message: string): void {
  const ui = SpreadsheetApp.getUi();
  ui.alert(title, message, ui.ButtonSet.OK);
}
