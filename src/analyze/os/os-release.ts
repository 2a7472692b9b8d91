/**
 * os-release (freedesktop.org): `etc/os-release`, falling back to `usr/lib/os-release`.
 * Format facts: one `KEY=VALUE` per line, `#` comments, values optionally in single or double quotes
 * with shell-style backslash escapes inside double quotes. The fields used are ID, ID_LIKE, VERSION_ID,
 * VERSION_CODENAME, PRETTY_NAME, NAME and VERSION.
 */
import type { Analyzer, AnalyzerInput, AnalyzerOutput } from '../analyzer.js';
import type { OSInfo } from '../../sbom/package.js';
import { familyFromId } from './families.js';

export const OS_RELEASE_PATHS = ['etc/os-release', 'usr/lib/os-release'] as const;

/** Parses os-release text into its fields. Malformed lines are skipped, as systemd does. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    out[m[1]] = unquote(m[2]);
  }
  return out;
}

function unquote(v: string): string {
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1);
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1).replace(/\\(["\\$`])/g, '$1');
  return v;
}

/**
 * OSInfo from os-release fields. Distroless images ship Debian's ID with `PRETTY_NAME="Distroless"`;
 * that name is kept so detectOS can tell them apart (it also needs `var/lib/dpkg/status.d/`).
 */
export function osFromOsRelease(fields: Record<string, string>): OSInfo | undefined {
  const id = fields.ID;
  if (!id) return undefined;
  const family = familyFromId(id);
  // Debian testing/sid has no VERSION_ID at all; detectOS then takes the version from debian_version.
  const version = fields.VERSION_ID ?? '';
  const os: OSInfo = { family, version };
  const name = fields.PRETTY_NAME ?? fields.NAME;
  if (name) os.name = name;
  const codename = fields.VERSION_CODENAME ?? (family === 'debian' ? codenameFromVersion(fields.VERSION) : undefined);
  if (codename) os.codename = codename;
  return os;
}

/**
 * `VERSION="8 (jessie)"`: Debian releases before 9 have no VERSION_CODENAME. Other distributions put
 * free text in those parentheses (Fedora's "Container Image"), so only Debian's is read.
 */
function codenameFromVersion(version: string | undefined): string | undefined {
  const m = version ? /\(([a-z]+)\)/.exec(version) : null;
  return m ? m[1] : undefined;
}

export const osReleaseAnalyzer: Analyzer = {
  name: 'os-release',
  version: 1,
  maxBytes: 64 * 1024,
  wants(path, info) {
    return (info.type === 'file' || info.type === 'hardlink') && (OS_RELEASE_PATHS as readonly string[]).includes(path);
  },
  analyze({ path, content, layer }: AnalyzerInput): AnalyzerOutput | undefined {
    const fields = parseOsRelease(content.toString('utf8'));
    const os = osFromOsRelease(fields);
    if (!os) {
      return content.length > 0 ? { warnings: [`${path}: no ID= line, operating system not recognised`] } : undefined;
    }
    os.location = { path, layer };
    return { os };
  },
};
