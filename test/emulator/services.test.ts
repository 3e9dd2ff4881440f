import { ALICE, BOB, emulator, OWNER } from './helpers';

describe('mail', () => {
  describe('MailApp.sendEmail', () => {
    it('records the mail (positional and object forms) and uses one quota unit per recipient', () => {
      const { emu, g } = emulator({ mailQuota: 10 });
      g.MailApp.sendEmail('finance@acme.test', 'Batch B-1 approved', 'Payout file ready', { htmlBody: '<b>ready</b>' });
      g.MailApp.sendEmail({ to: 'a@acme.test,b@acme.test', subject: 'S', body: 'B' });
      expect(emu.sentMail).toEqual([
        { to: 'finance@acme.test', subject: 'Batch B-1 approved', body: 'Payout file ready', htmlBody: '<b>ready</b>', from: OWNER },
        { to: 'a@acme.test,b@acme.test', subject: 'S', body: 'B', from: OWNER },
      ]);
      expect(g.MailApp.getRemainingDailyQuota()).toBe(7);
    });

    it('refuses an invalid address', () => {
      const { emu, g } = emulator();
      expect(() => g.MailApp.sendEmail('not-an-email', 's', 'b')).toThrow('Invalid email: not-an-email');
      expect(emu.sentMail).toHaveLength(0);
    });

    it('refuses mail beyond the daily quota', () => {
      const { g } = emulator({ mailQuota: 1 });
      g.MailApp.sendEmail('a@acme.test', 's', 'b');
      expect(() => g.MailApp.sendEmail('b@acme.test', 's', 'b')).toThrow('Service invoked too many times for one day: email.');
    });

    it('still sends when the active user\'s email is withheld: the script sends it', () => {
      const { emu, g } = emulator();
      emu.setActiveUser('');
      g.MailApp.sendEmail('a@acme.test', 's', 'b');
      expect(emu.sentMail).toHaveLength(1);
    });
  });
});

describe('session', () => {
  describe('Session.getActiveUser', () => {
    it('reports the active user, or an empty email when Apps Script withholds it', () => {
      const { emu, g } = emulator();
      expect(g.Session.getActiveUser().getEmail()).toBe(OWNER);
      emu.setActiveUser('Alice@Acme.test');
      expect(g.Session.getActiveUser().getEmail()).toBe(ALICE);
      emu.setActiveUser('');
      expect(g.Session.getActiveUser().getEmail()).toBe('');
    });
  });

  describe('Session.getTemporaryActiveUserKey', () => {
    it('is stable for a user and differs between users', () => {
      const { emu, g } = emulator();
      emu.setActiveUser(ALICE);
      const a = g.Session.getTemporaryActiveUserKey();
      expect(g.Session.getTemporaryActiveUserKey()).toBe(a);
      emu.setActiveUser(BOB);
      expect(g.Session.getTemporaryActiveUserKey()).not.toBe(a);
    });
  });

  describe('Session.getScriptTimeZone', () => {
    it('is the spreadsheet\'s time zone', () => {
      const { g } = emulator({ timeZone: 'Europe/Berlin' });
      expect(g.Session.getScriptTimeZone()).toBe('Europe/Berlin');
      expect(g.SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone()).toBe('Europe/Berlin');
    });
  });
});

describe('auth modes', () => {
  describe('AuthMode.NONE', () => {
    it('refuses SpreadsheetApp.getActiveSpreadsheet but lets onOpen build the add-on menu', () => {
      const { emu, g } = emulator();
      emu.setAuthMode('NONE');
      expect(() => g.SpreadsheetApp.getActiveSpreadsheet()).toThrow(
        'You do not have permission to call SpreadsheetApp.getActiveSpreadsheet',
      );
      expect(() => g.PropertiesService.getDocumentProperties()).toThrow('You do not have permission');
      expect(() => g.Session.getActiveUser()).toThrow('You do not have permission');
      g.SpreadsheetApp.getUi().createAddonMenu().addItem('Open Partner Ledger', 'showSidebar').addToUi();
      expect(emu.ui.menus).toHaveLength(1);
    });
  });

  describe('AuthMode.LIMITED', () => {
    it('reads the sheet but cannot send mail or create triggers', () => {
      const { emu, g } = emulator();
      emu.setAuthMode('LIMITED');
      expect(g.SpreadsheetApp.getActiveSpreadsheet().getName()).toBe('Untitled spreadsheet');
      expect(() => g.MailApp.sendEmail('a@acme.test', 's', 'b')).toThrow('You do not have permission to call MailApp.sendEmail');
      expect(() => g.ScriptApp.newTrigger('tick')).toThrow('You do not have permission');
    });
  });
});

describe('ui', () => {
  describe('Menu.addToUi', () => {
    it('records items, separators and submenus', () => {
      const { emu, g } = emulator();
      const ui = g.SpreadsheetApp.getUi();
      ui.createAddonMenu()
        .addItem('Open sidebar', 'showSidebar')
        .addSeparator()
        .addSubMenu(ui.createMenu('Admin').addItem('Verify', 'verifyLedger'))
        .addToUi();
      expect(emu.ui.menus).toEqual([{
        name: '(add-on)', addon: true, items: [
          { kind: 'item', caption: 'Open sidebar', functionName: 'showSidebar' },
          { kind: 'separator' },
          { kind: 'submenu', menu: { name: 'Admin', addon: false, items: [{ kind: 'item', caption: 'Verify', functionName: 'verifyLedger' }] } },
        ],
      }]);
    });
  });

  describe('Ui.alert', () => {
    it('returns the scripted button, else the first button of the set', () => {
      const { emu, g } = emulator();
      const ui = g.SpreadsheetApp.getUi();
      expect(ui.alert('Approve batch?', ui.ButtonSet.YES_NO)).toBe(ui.Button.YES);
      emu.ui.queueAlertResponse('NO');
      expect(ui.alert('Approve', 'Approve batch B-1?', ui.ButtonSet.YES_NO)).toBe(ui.Button.NO);
      expect(emu.ui.alerts).toEqual(['Approve batch?', 'Approve batch B-1?']);
    });
  });

  describe('Ui.showSidebar', () => {
    it('records the sidebar\'s title and HTML from the project\'s files', () => {
      const { emu, g } = emulator({ htmlFiles: { Sidebar: '<div id="app"></div>' } });
      const html = g.HtmlService.createHtmlOutputFromFile('Sidebar').setTitle('Partner Ledger');
      g.SpreadsheetApp.getUi().showSidebar(html);
      expect(emu.ui.sidebars).toEqual([{ title: 'Partner Ledger', html: '<div id="app"></div>' }]);
    });
  });
});

describe('html', () => {
  describe('HtmlService.createHtmlOutputFromFile', () => {
    it('throws Apps Script\'s message for a missing file', () => {
      const { g } = emulator();
      expect(() => g.HtmlService.createHtmlOutputFromFile('Nope')).toThrow('No HTML file named Nope was found.');
    });
  });

  describe('HtmlOutput.append', () => {
    it('builds content and keeps title and width', () => {
      const { g } = emulator();
      const out = g.HtmlService.createHtmlOutput('<p>a</p>').append('<p>b</p>').setWidth(300)
        .setSandboxMode(g.HtmlService.SandboxMode.IFRAME);
      expect([out.getContent(), out.getWidth()]).toEqual(['<p>a</p><p>b</p>', 300]);
    });
  });
});

describe('script-app', () => {
  describe('ScriptApp.newTrigger', () => {
    it('creates time-based and spreadsheet triggers owned by the creating user', () => {
      const { emu, g } = emulator();
      emu.setActiveUser(ALICE);
      g.ScriptApp.newTrigger('nightly').timeBased().everyHours(1).create();
      g.ScriptApp.newTrigger('onOpenInstalled').forSpreadsheet(g.SpreadsheetApp.getActiveSpreadsheet()).onOpen().create();
      expect(g.ScriptApp.getProjectTriggers().map((t) => [t.getHandlerFunction(), t.getEventType()]))
        .toEqual([['nightly', 'CLOCK'], ['onOpenInstalled', 'ON_OPEN']]);
      emu.setActiveUser(BOB);
      expect(g.ScriptApp.getProjectTriggers()).toHaveLength(0);
      expect(emu.triggers.map((t) => t.owner)).toEqual([ALICE, ALICE]);
    });

    it('refuses an interval Apps Script does not offer', () => {
      const { g } = emulator();
      expect(() => g.ScriptApp.newTrigger('x').timeBased().everyHours(3)).toThrow('everyHours');
    });
  });

  describe('ScriptApp.deleteTrigger', () => {
    it('removes the trigger', () => {
      const { emu, g } = emulator();
      const t = g.ScriptApp.newTrigger('nightly').timeBased().everyMinutes(30).create();
      g.ScriptApp.deleteTrigger(t);
      expect(emu.triggers).toHaveLength(0);
    });
  });
});

describe('logger', () => {
  describe('Logger.log', () => {
    it('records instead of printing', () => {
      const { emu, g } = emulator();
      g.Logger.log('posted %s entries', 3);
      g.console.warn('careful', { a: 1 });
      expect(emu.logs).toEqual([{ level: 'Logger', message: 'posted 3 entries' }, { level: 'warn', message: 'careful { a: 1 }' }]);
    });
  });
});
