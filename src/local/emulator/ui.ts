// Ui: menus are recorded in ui.menus, sidebars and dialogs in ui.sidebars/ui.dialogs; alerts and
// prompts return the responses a test scripted (default: the first button of the set).
import type { Env } from './env';
import { HtmlOutput } from './html';
import type { AlertRecord, ButtonName, ButtonSetName, MenuEntry, MenuRecord } from './types';

export const BUTTON = Object.freeze({ CLOSE: 'CLOSE', OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO' } as const);
export const BUTTON_SET = Object.freeze({
  OK: 'OK', OK_CANCEL: 'OK_CANCEL', YES_NO: 'YES_NO', YES_NO_CANCEL: 'YES_NO_CANCEL',
} as const);

const BUTTONS_OF: Record<ButtonSetName, ButtonName[]> = {
  OK: ['OK'], OK_CANCEL: ['OK', 'CANCEL'], YES_NO: ['YES', 'NO'], YES_NO_CANCEL: ['YES', 'NO', 'CANCEL'],
};

export class Menu {
  private readonly record: MenuRecord;

  constructor(private readonly env: Env, name: string, addon: boolean) {
    this.record = { name, addon, items: [] };
  }

  addItem(caption: string, functionName: string): Menu {
    this.env.call('Menu.addItem', 'NONE');
    this.record.items.push({ kind: 'item', caption: String(caption), functionName: String(functionName) });
    return this;
  }

  addSeparator(): Menu {
    this.env.call('Menu.addSeparator', 'NONE');
    this.record.items.push({ kind: 'separator' });
    return this;
  }

  addSubMenu(menu: Menu): Menu {
    this.env.call('Menu.addSubMenu', 'NONE');
    const entry: MenuEntry = { kind: 'submenu', menu: menu.record };
    this.record.items.push(entry);
    return this;
  }

  /** Adding a menu again replaces the earlier one of the same name, as reloading does. */
  addToUi(): void {
    this.env.call('Menu.addToUi', 'NONE');
    const menus = this.env.state.ui.menus;
    const i = menus.findIndex((m) => m.name === this.record.name && m.addon === this.record.addon);
    if (i >= 0) menus.splice(i, 1, this.record); else menus.push(this.record);
  }
}

export class PromptResponse {
  constructor(private readonly button: ButtonName, private readonly text: string) {}
  getSelectedButton(): ButtonName { return this.button; }
  getResponseText(): string { return this.text; }
}

export class Ui {
  readonly Button = BUTTON;
  readonly ButtonSet = BUTTON_SET;

  constructor(private readonly env: Env) {}

  createAddonMenu(): Menu {
    this.env.call('Ui.createAddonMenu', 'NONE');
    return new Menu(this.env, '(add-on)', true);
  }

  createMenu(caption: string): Menu {
    this.env.call('Ui.createMenu', 'NONE');
    return new Menu(this.env, String(caption), false);
  }

  showSidebar(userInterface: HtmlOutput): void {
    this.env.call('Ui.showSidebar');
    this.env.state.ui.sidebars.push({ title: userInterface.titleText(), html: userInterface.contentText() });
  }

  showModalDialog(userInterface: HtmlOutput, title: string): void {
    this.env.call('Ui.showModalDialog');
    this.env.state.ui.dialogs.push({ title: String(title), html: userInterface.contentText(), modal: true });
  }

  showModelessDialog(userInterface: HtmlOutput, title: string): void {
    this.env.call('Ui.showModelessDialog');
    this.env.state.ui.dialogs.push({ title: String(title), html: userInterface.contentText(), modal: false });
  }

  /** alert(prompt), alert(prompt, buttons) or alert(title, prompt, buttons). */
  alert(a: string, b?: string, c?: string): ButtonName {
    this.env.call('Ui.alert');
    let title = '';
    let prompt = String(a);
    let buttons: ButtonSetName = 'OK';
    if (c !== undefined) { title = String(a); prompt = String(b); buttons = c as ButtonSetName; }
    else if (b !== undefined) buttons = b as ButtonSetName;
    const allowed = BUTTONS_OF[buttons] ?? BUTTONS_OF.OK;
    const scripted = this.env.state.ui.alertResponses.shift();
    const response = scripted && (allowed.includes(scripted) || scripted === 'CLOSE') ? scripted : allowed[0];
    const record: AlertRecord = { title, prompt, buttons, response };
    this.env.state.ui.alerts.push(record);
    return response;
  }

  /** prompt(prompt), prompt(prompt, buttons) or prompt(title, prompt, buttons). */
  prompt(a: string, b?: string, c?: string): PromptResponse {
    this.env.call('Ui.prompt');
    let title = '';
    let prompt = String(a);
    let buttons: ButtonSetName = 'OK';
    if (c !== undefined) { title = String(a); prompt = String(b); buttons = c as ButtonSetName; }
    else if (b !== undefined) buttons = b as ButtonSetName;
    const scripted = this.env.state.ui.promptResponses.shift();
    const response = scripted ?? { button: (BUTTONS_OF[buttons] ?? BUTTONS_OF.OK)[0], text: '' };
    this.env.state.ui.prompts.push({ title, prompt, response: response.button, text: response.text });
    return new PromptResponse(response.button, response.text);
  }
}
