// A time zone nobody knows used to pass silently (and Apps Script then computes dates in GMT): it is
// an error naming the Settings row and what to write instead.
import { TAB } from '../../src/core/schema/tabs';
import { csvOf, EXAMPLE_SETTINGS, importAs, OPS, OWNER, setUpSession, snapshot, type ActionOk } from './helpers';
import { settingsOf, setUpRefused, typeSetting, type Refused } from './settings-support';

describe('Settings: time_zone', () => {
  it('refuses set-up with an unknown time zone, naming the row and what to write', () => {
    const fresh = setUpRefused([...EXAMPLE_SETTINGS, ['time_zone', 'Mars/Olympus']]);
    expect(fresh.code).toBe('BAD_SETTINGS');
    expect(fresh.errors).toEqual([expect.objectContaining({ tab: TAB.settings, column: 'value', value: 'Mars/Olympus', message: expect.stringMatching(/time_zone .*Mars\/Olympus.*IANA time zone like Europe\/Paris/) })]);
  });

  it('refuses actions that change data once Settings name an unknown time zone, naming Settings!row', () => {
    const session = setUpSession();
    const row = typeSetting(session, OWNER, 'time_zone', 'Mars/Olympus');
    const before = snapshot(session);
    const result = importAs<ActionOk | Refused>(session, OPS, 'partners', csvOf('name,code,rate\nAda,ADA,10%\n', 'p.csv'));
    expect(!result.ok && result.code).toBe('BAD_SETTINGS');
    expect(!result.ok && result.errors).toEqual([expect.objectContaining({ tab: TAB.settings, row, column: 'value', value: 'Mars/Olympus' })]);
    expect(snapshot(session)).toBe(before);
  });

  it('accepts a known zone in any case and keeps its canonical spelling (Apps Script dates need it)', () => {
    const checked = settingsOf([['time_zone', 'europe/paris']]);
    expect(checked.ok && checked.errors).toEqual([]);
    expect(checked.ok && checked.settings.time_zone).toBe('Europe/Paris');
    expect(settingsOf([['time_zone', '']]).ok && settingsOf([['time_zone', '']])).toMatchObject({ settings: { time_zone: '' }, errors: [] });
  });
});
