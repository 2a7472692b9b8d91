import { cyclonedxFormat } from './cyclonedx.js';
import type { SbomFormat } from './document.js';
import { spdxFormat } from './spdx.js';

export type { SbomFormat, SbomInput, SbomSubject } from './document.js';

/** Every SBOM format, in the order `--help` lists them. Adding a format: one file, one line here. */
export const sbomFormats: SbomFormat[] = [cyclonedxFormat, spdxFormat];

/** The format for a name or alias (case-insensitive), or undefined when there is none. */
export function getSbomFormat(name: string): SbomFormat | undefined {
  const wanted = name.trim().toLowerCase();
  return sbomFormats.find((f) => f.name === wanted || f.aliases.includes(wanted));
}
