import { createHash, createHmac } from 'crypto';
import { emulator } from './helpers';

const signed = (buf: Buffer): number[] => Array.from(buf, (b) => (b > 127 ? b - 256 : b));

describe('utilities', () => {
  describe('Utilities.computeDigest', () => {
    it('returns SHA-256 as signed bytes matching Node\'s hash', () => {
      const { g } = emulator();
      const bytes = g.Utilities.computeDigest(g.Utilities.DigestAlgorithm.SHA_256, 'prev|row', g.Utilities.Charset.UTF_8);
      expect(bytes).toEqual(signed(createHash('sha256').update('prev|row').digest()));
      expect(bytes.some((b) => b < 0)).toBe(true);
      expect(bytes.every((b) => b >= -128 && b <= 127)).toBe(true);
    });

    it('hashes non-ASCII text as UTF-8 and supports MD5 and SHA-1', () => {
      const { g } = emulator();
      const U = g.Utilities;
      expect(U.computeDigest(U.DigestAlgorithm.SHA_256, 'Zoë €')).toEqual(signed(createHash('sha256').update('Zoë €', 'utf8').digest()));
      expect(U.computeDigest(U.DigestAlgorithm.MD5, 'x')).toEqual(signed(createHash('md5').update('x').digest()));
      expect(U.computeDigest(U.DigestAlgorithm.SHA_1, 'x')).toEqual(signed(createHash('sha1').update('x').digest()));
    });

    it('accepts signed bytes as input', () => {
      const { g } = emulator();
      const U = g.Utilities;
      const input = [-1, 0, 127, -128];
      expect(U.computeDigest(U.DigestAlgorithm.SHA_256, input as unknown as string))
        .toEqual(signed(createHash('sha256').update(Buffer.from([255, 0, 127, 128])).digest()));
    });
  });

  describe('Utilities.computeHmacSha256Signature', () => {
    it('matches Node\'s HMAC, as signed bytes', () => {
      const { g } = emulator();
      expect(g.Utilities.computeHmacSha256Signature('payload', 'secret'))
        .toEqual(signed(createHmac('sha256', 'secret').update('payload').digest()));
    });
  });

  describe('Utilities.formatDate', () => {
    const instant = new Date(Date.UTC(2024, 2, 10, 7, 5, 9, 42)); // 2024-03-10T07:05:09.042Z

    it('renders Java patterns in a non-UTC zone, across a DST change', () => {
      const { g } = emulator();
      const U = g.Utilities;
      // New York switches to EDT at 2024-03-10 07:00 UTC.
      expect(U.formatDate(instant, 'America/New_York', "yyyy-MM-dd'T'HH:mm:ss.SSSXXX")).toBe('2024-03-10T03:05:09.042-04:00');
      expect(U.formatDate(new Date(Date.UTC(2024, 2, 10, 6, 59)), 'America/New_York', 'HH:mm Z')).toBe('01:59 -0500');
      expect(U.formatDate(instant, 'Asia/Kolkata', 'EEE, d MMM yyyy HH:mm XXX')).toBe('Sun, 10 Mar 2024 12:35 +05:30');
    });

    it('renders UTC with Z for the X offset and keeps quoted literals', () => {
      const { g } = emulator();
      expect(g.Utilities.formatDate(instant, 'Etc/UTC', "yyyy-MM-dd'T'HH:mm:ssX 'o''clock'")).toBe("2024-03-10T07:05:09Z o'clock");
    });

    it('falls back to GMT for an unknown time zone, as Java does', () => {
      const { g } = emulator();
      expect(g.Utilities.formatDate(instant, 'Mars/Olympus', 'HH:mm')).toBe('07:05');
    });

    it('renders the hour of a 12-hour clock with AM/PM', () => {
      const { g } = emulator();
      expect(g.Utilities.formatDate(instant, 'Europe/Paris', 'h:mm a EEEE')).toBe('8:05 AM Sunday');
    });
  });

  describe('Utilities.base64Encode', () => {
    it('round-trips through base64Decode as signed bytes', () => {
      const { g } = emulator();
      const U = g.Utilities;
      const encoded = U.base64Encode('héllo');
      expect(encoded).toBe(Buffer.from('héllo').toString('base64'));
      expect(U.newBlob(U.base64Decode(encoded)).getDataAsString()).toBe('héllo');
    });
  });

  describe('Utilities.newBlob', () => {
    it('keeps data, content type and name', () => {
      const { g } = emulator();
      const blob = g.Utilities.newBlob('a,b\n1,2', 'text/csv', 'payout.csv');
      expect([blob.getDataAsString(), blob.getContentType(), blob.getName()]).toEqual(['a,b\n1,2', 'text/csv', 'payout.csv']);
      blob.setName('renamed.csv');
      expect(blob.getName()).toBe('renamed.csv');
      expect(blob.getBytes()).toEqual(signed(Buffer.from('a,b\n1,2')));
    });
  });

  describe('Utilities.parseCsv', () => {
    it('handles quoted fields with commas, quotes and newlines', () => {
      const { g } = emulator();
      expect(g.Utilities.parseCsv('a,"b,c","say ""hi"""\n1,"line\nbreak",3')).toEqual([
        ['a', 'b,c', 'say "hi"'], ['1', 'line\nbreak', '3'],
      ]);
    });
  });

  describe('Utilities.sleep', () => {
    it('moves the fake clock instead of blocking', () => {
      const { emu, g } = emulator({ now: () => 5000 });
      g.Utilities.sleep(2500);
      expect(emu.now()).toBe(7500);
    });
  });

  describe('Utilities.getUuid', () => {
    it('returns a fresh RFC 4122 id each time', () => {
      const { g } = emulator();
      const a = g.Utilities.getUuid();
      expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(g.Utilities.getUuid()).not.toBe(a);
    });
  });
});
