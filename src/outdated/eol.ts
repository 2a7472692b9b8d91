/**
 * End-of-life status for registry references, through the table and matching rules that
 * LS-DF-007 uses (`src/data/eol-images.json`), so `outdated` and `scan` never disagree.
 */
import type { ImageRef } from '../dockerfile/model.js';
import { EOL_TABLE, eolEntriesFor, isPastEol, type EolTable } from '../rules/dockerfile/base-image-eol.js';
import { DOCKER_HUB, type RegistryReference } from '../source/registry/reference.js';

export interface EolStatus {
  product: string;
  /** Day security support ends or ended (YYYY-MM-DD). */
  eolDate: string;
  /** True once `eolDate` has been reached. */
  past: boolean;
  source: string;
}

/** The Dockerfile model's view of a registry reference (Docker Hub without `library/`). */
function toImageRef(ref: Pick<RegistryReference, 'registry' | 'repository'>, tag: string): ImageRef {
  const hub = ref.registry === DOCKER_HUB;
  const repository = hub && ref.repository.startsWith('library/') ? ref.repository.slice('library/'.length) : ref.repository;
  const name = `${hub ? '' : `${ref.registry}/`}${repository}:${tag}`;
  return { raw: name, expanded: name, registry: hub ? undefined : ref.registry, repository, tag, unresolved: false };
}

/** Every EOL entry that describes `tag` of the repository, past or upcoming, soonest first. */
export function eolStatus(ref: Pick<RegistryReference, 'registry' | 'repository'>, tag: string, today: Date, table: EolTable = EOL_TABLE): EolStatus[] {
  return eolEntriesFor(toImageRef(ref, tag), table)
    .map((e) => ({ product: e.product, eolDate: e.eolDate, past: isPastEol(e, today), source: e.source }))
    .sort((a, b) => (a.eolDate < b.eolDate ? -1 : a.eolDate > b.eolDate ? 1 : 0));
}

/** The date the EOL table was last reviewed, for reports. */
export function eolTableUpdated(table: EolTable = EOL_TABLE): string {
  return table.updated;
}
