// The same-looking text in two Unicode forms, through the built add-on: a code typed with a
// combining accent (NFD, as macOS exports write it) names the partner whose code is composed (NFC).
import { ActionOk, ActionRefused, EXAMPLE_SETTINGS, OPS, body, columnOf, csvOf, expectOk, importAs, setUpSession } from './helpers';

describe('codes in decomposed Unicode (NFD)', () => {
  it('attribute the sale to the partner whose code is the same text composed (NFC)', () => {
    const session = setUpSession({ settings: EXAMPLE_SETTINGS });
    const partners = 'partner_id,name,code,email,rate\nP1,José,JOS\u00c9 10,jos\u00e9@a.example,10%\n';
    const conversions = 'order_id,code,customer_email,amount,currency,date\nO1,JOSE\u0301 10,c@b.example,100.00,USD,2026-03-02\n';
    expectOk(importAs(session, OPS, 'partners', csvOf(partners, 'partners.csv')));
    expectOk(importAs(session, OPS, 'conversions', csvOf(conversions, 'conversions.csv')));
    const posted = expectOk(session.run<ActionOk | ActionRefused>(OPS, 'postCommissions'));
    expect(posted.summary).toMatch(/^1 entries posted .* 0 unattributed/);
    const ledger = body(session, 'Ledger');
    expect(ledger.map((r) => r[columnOf(session, 'Ledger', 'partner_id') - 1])).toEqual(['P1']);
  });
});
