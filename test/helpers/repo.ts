/**
 * Where the repository and the fixture images are, for tests that read them. Tests run from
 * test/ (tsx) or dist/test/ (after a build), so the root is found by walking up to package.json.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}

export const REPO_ROOT = findRoot();

/**
 * `rel` under the nearest directory above this file that holds it, else undefined: for files that
 * may sit inside the checkout or beside it (shared/, which CI copies next to the checkout).
 */
export function findUp(rel: string): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, rel);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Images built by scripts/fixtures/build.sh (LEFTSHIFT_FIXTURES overrides, as in .ci/run). */
export const FIXTURES_DIR = process.env.LEFTSHIFT_FIXTURES ?? join(REPO_ROOT, '.fixtures');
export const FIXTURES_MANIFEST = join(FIXTURES_DIR, 'fixtures.json');

/** A skip reason when the fixture images were not built, else false. */
export function fixturesSkipReason(): string | false {
  return existsSync(FIXTURES_MANIFEST) ? false : `fixtures not built: run scripts/fixtures/build.sh (looked for ${FIXTURES_MANIFEST})`;
}
