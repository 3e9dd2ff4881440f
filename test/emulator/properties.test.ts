import { ALICE, BOB, emulator } from './helpers';

describe('properties', () => {
  describe('Properties.setProperty', () => {
    it('stores values as strings', () => {
      const { emu, g } = emulator();
      const props = g.PropertiesService.getDocumentProperties();
      props.setProperty('rows', 12 as unknown as string);
      expect(props.getProperty('rows')).toBe('12');
      expect(props.getProperty('missing')).toBeNull();
      expect(emu.documentProperties.get('rows')).toBe('12');
    });

    it('refuses a value over 9 KB as Apps Script does, leaving the store unchanged', () => {
      const { g } = emulator();
      const props = g.PropertiesService.getDocumentProperties();
      expect(() => props.setProperty('big', 'x'.repeat(9 * 1024 + 1))).toThrow('Argument too large: value');
      expect(props.getProperty('big')).toBeNull();
      props.setProperty('ok', 'x'.repeat(9 * 1024));
      expect(props.getProperty('ok')).toHaveLength(9216);
    });

    it('counts the value\'s UTF-8 bytes, not its characters', () => {
      const { g } = emulator();
      const props = g.PropertiesService.getScriptProperties();
      expect(() => props.setProperty('euro', '€'.repeat(3100))).toThrow('Argument too large: value');
    });

    it('refuses to fill a store beyond 500 KB', () => {
      const { g } = emulator();
      const props = g.PropertiesService.getDocumentProperties();
      const value = 'v'.repeat(9000);
      for (let i = 0; i < 56; i++) props.setProperty(`k${i}`, value);
      expect(() => props.setProperty('one-too-many', value)).toThrow(
        'You have exceeded the property storage quota. Please remove some properties and try again.',
      );
      expect(props.getKeys()).toHaveLength(56);
    });
  });

  describe('Properties.setProperties', () => {
    it('is all or nothing, and can replace the whole store', () => {
      const { g } = emulator();
      const props = g.PropertiesService.getDocumentProperties();
      props.setProperties({ a: '1', b: '2' });
      expect(() => props.setProperties({ c: '3', d: 'x'.repeat(10000) })).toThrow('Argument too large: value');
      expect(props.getProperties()).toEqual({ a: '1', b: '2' });
      props.setProperties({ z: '26' }, true);
      expect(props.getProperties()).toEqual({ z: '26' });
    });
  });

  describe('Properties.deleteProperty', () => {
    it('deletes one key, and deleteAllProperties empties the store', () => {
      const { g } = emulator();
      const props = g.PropertiesService.getDocumentProperties();
      props.setProperties({ a: '1', b: '2' });
      props.deleteProperty('a');
      expect(props.getKeys()).toEqual(['b']);
      props.deleteAllProperties();
      expect(props.getKeys()).toEqual([]);
    });
  });

  describe('PropertiesService.getUserProperties', () => {
    it('gives each user a store of their own', () => {
      const { emu, g } = emulator();
      emu.setActiveUser(ALICE);
      g.PropertiesService.getUserProperties().setProperty('theme', 'dark');
      emu.setActiveUser(BOB);
      expect(g.PropertiesService.getUserProperties().getProperty('theme')).toBeNull();
      expect(emu.userProperties(ALICE).get('theme')).toBe('dark');
    });
  });
});
