/**
 * Operating-system families: how release files name them, and what a family means for package URLs.
 * One table, so adding a distribution is one row here (plus its EOL dates in src/data/os-eol.json).
 */

export interface FamilyInfo {
  /** purl namespace of its OS packages (`pkg:rpm/redhat/...`). */
  purlNamespace: string;
  /** Family whose EOL dates and `distro=` qualifier apply (distroless images are Debian releases). */
  base?: string;
  /**
   * How the `distro=` qualifier spells the version. Debian's advisories are per major release (`debian-12`),
   * while Alpine and RHEL-like distributions keep the full release (`alpine-3.19.1`, `rhel-9.4`).
   */
  distroVersion?: 'major' | 'full';
}

export const FAMILIES: Readonly<Record<string, FamilyInfo>> = {
  debian: { purlNamespace: 'debian', distroVersion: 'major' },
  ubuntu: { purlNamespace: 'ubuntu' },
  distroless: { purlNamespace: 'debian', base: 'debian', distroVersion: 'major' },
  alpine: { purlNamespace: 'alpine' },
  wolfi: { purlNamespace: 'wolfi' },
  chainguard: { purlNamespace: 'chainguard' },
  rhel: { purlNamespace: 'redhat' },
  centos: { purlNamespace: 'centos' },
  rocky: { purlNamespace: 'rocky' },
  almalinux: { purlNamespace: 'almalinux' },
  fedora: { purlNamespace: 'fedora' },
  amzn: { purlNamespace: 'amazon' },
  ol: { purlNamespace: 'oracle' },
  'opensuse-leap': { purlNamespace: 'opensuse' },
  'opensuse-tumbleweed': { purlNamespace: 'opensuse' },
  sles: { purlNamespace: 'suse' },
};

/** os-release `ID` values that name a family differently (old openSUSE, SLES variants, UBI). */
const ID_ALIASES: Readonly<Record<string, string>> = {
  opensuse: 'opensuse-leap',
  'sles_sap': 'sles',
  'sle-micro': 'sles',
  'sle_hpc': 'sles',
  redhat: 'rhel',
  ubi: 'rhel',
  'amazon': 'amzn',
  'oracle': 'ol',
};

/** Family for an os-release `ID` (lower-cased; unknown IDs are kept as they are, so nothing is lost). */
export function familyFromId(id: string): string {
  const lower = id.trim().toLowerCase();
  return ID_ALIASES[lower] ?? lower;
}

/**
 * Family for the product name in `/etc/redhat-release`-style files ("Rocky Linux release 9.3 (Blue Onyx)").
 * Order matters: "Red Hat Enterprise Linux" must not be taken for CentOS and so on.
 */
export function familyFromProductName(product: string): string | undefined {
  const p = product.toLowerCase();
  if (p.startsWith('red hat enterprise linux')) return 'rhel';
  if (p.startsWith('centos')) return 'centos';
  if (p.startsWith('rocky')) return 'rocky';
  if (p.startsWith('almalinux')) return 'almalinux';
  if (p.startsWith('fedora')) return 'fedora';
  if (p.startsWith('amazon linux')) return 'amzn';
  if (p.startsWith('oracle linux')) return 'ol';
  return undefined;
}

/** The family whose data (EOL, distro qualifier) applies. */
export function baseFamily(family: string): string {
  return FAMILIES[family]?.base ?? family;
}

/** Version as used in the purl `distro=` qualifier (`debian-12`, `alpine-3.19.1`). */
export function distroQualifier(family: string, version: string): string | undefined {
  if (!version) return undefined;
  const info = FAMILIES[family];
  const base = baseFamily(family);
  let v = version;
  if (info?.distroVersion === 'major' && /^\d+(\.\d+)*$/.test(version)) v = version.split('.')[0];
  return `${base}-${v}`;
}

/** purl namespace of a family's OS packages; unknown families use their own name. */
export function purlNamespace(family: string): string {
  return FAMILIES[family]?.purlNamespace ?? family;
}
