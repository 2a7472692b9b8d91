/**
 * Values published in vendor documentation as examples. They match the formats exactly, appear in
 * countless READMEs and test fixtures, and grant no access, so the engine skips them. Skipping is
 * visible: `scanTextDetailed` lists every skipped hit under `allowlisted`.
 */
export interface AllowedExample {
  value: string;
  reason: string;
}

export const ALLOWED_EXAMPLE_VALUES: readonly AllowedExample[] = [
  { value: 'AKIAIOSFODNN7EXAMPLE', reason: 'AWS documentation example access key id' },
  { value: 'AKIAI44QH8DHBEXAMPLE', reason: 'AWS documentation example access key id' },
  { value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', reason: 'AWS documentation example secret access key' },
  { value: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY', reason: 'AWS documentation example secret access key' },
  {
    value: 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
    reason: 'Azurite / Azure Storage Emulator well-known account key',
  },
  {
    value:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    reason: 'jwt.io introduction example token',
  },
  {
    value:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzb21lIjoicGF5bG9hZCJ9.4twFt5NiznN84AWoo1d7KO1T_yoc0Z6XOpOVswacPZg',
    reason: 'PyJWT README example token',
  },
];

const BY_VALUE: ReadonlyMap<string, string> = new Map(ALLOWED_EXAMPLE_VALUES.map((e) => [e.value, e.reason]));

/** Why `secret` is allowed, or undefined when it is not a documented example. */
export function allowlistReason(secret: string): string | undefined {
  return BY_VALUE.get(secret);
}
