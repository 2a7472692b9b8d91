import { openSync, readSync, closeSync, statSync, readFileSync } from 'node:fs';
import { readSbom, type ReadSbomResult } from '../sbom/read/index.js';
import { detectSbomFormat } from '../sbom/read/index.js';
import { InputError } from '../errors.js';

const MAX_SBOM_BYTES = 512 * 1024 * 1024;

/**
 * `scan FILE` where FILE is a CycloneDX or SPDX JSON document: read it into packages. Returns
 * undefined for anything else (a Dockerfile, a manifest, an image archive), decided from the
 * first bytes and then the parsed document, so a large image archive is never read here.
 */
export function readSbomIfSbom(path: string): ReadSbomResult | undefined {
  let st;
  try {
    st = statSync(path);
  } catch {
    return undefined;
  }
  if (!st.isFile() || st.size === 0) return undefined;
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(Math.min(4096, st.size));
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const text = head.toString('utf8');
  if (!text.trimStart().startsWith('{') || !/"(bomFormat|spdxVersion)"/.test(text)) return undefined;
  if (st.size > MAX_SBOM_BYTES) throw new InputError(`${path}: ${st.size} bytes is too large for an SBOM (limit ${MAX_SBOM_BYTES})`);
  const full = readFileSync(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(full);
  } catch (e) {
    throw new InputError(`${path}: looks like an SBOM but is not valid JSON (${(e as Error).message})`);
  }
  if (!detectSbomFormat(json)) return undefined;
  return readSbom(full, path);
}
