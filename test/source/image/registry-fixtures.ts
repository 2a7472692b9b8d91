/**
 * Shared by the registry image-source and CLI tests: where the built image fixtures are, and a
 * `skopeo copy` that pushes one of them, unchanged, into a test registry. Built images (not
 * synthetic ones) are what makes "registry = layout = archive" a meaningful comparison.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../registry/harness.js';
import { FIXTURES_DIR, REPO_ROOT } from '../../helpers/repo.js';

export const ROOT = REPO_ROOT;
export const FIXTURES = FIXTURES_DIR;

interface FixtureFormat {
  path: string;
  ref?: string;
}
interface FixturesManifest {
  images: Record<string, { formats: Record<string, FixtureFormat> }>;
}

/** Absolute path of a fixture format (`apk`, `oci`), or undefined when the fixtures are not built. */
export function fixturePath(image: string, format: string): { path: string; ref?: string } | undefined {
  const file = join(FIXTURES, 'fixtures.json');
  if (!existsSync(file)) return undefined;
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as FixturesManifest;
  const f = manifest.images[image]?.formats[format];
  if (!f || !existsSync(join(FIXTURES, f.path))) return undefined;
  return { path: join(FIXTURES, f.path), ...(f.ref !== undefined ? { ref: f.ref } : {}) };
}

export function skopeoSkipReason(): string | undefined {
  const r = spawnSync('skopeo', ['--version'], { encoding: 'utf8' });
  return r.error || r.status !== 0 ? 'skopeo is not installed (apt-get install -y skopeo); pushing built fixtures needs it' : undefined;
}

export function fixturesSkipReason(...images: Array<[string, string]>): string | undefined {
  for (const [image, format] of images) if (!fixturePath(image, format)) return `fixture ${image} (${format}) not built (scripts/fixtures/build.sh)`;
  return undefined;
}

let policyFile: string | undefined;

/** `skopeo copy SRC docker://HOST/DEST` over plain HTTP; `all` copies every image of an index. */
export function skopeoPush(source: string, host: string, dest: string, options: { all?: boolean } = {}): void {
  if (!policyFile) {
    // Our own policy: the test must not depend on /etc/containers/policy.json being permissive.
    policyFile = join(tempDir('ls-skopeo-'), 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }));
  }
  const args = ['--policy', policyFile, 'copy', '--quiet', '--dest-tls-verify=false', ...(options.all ? ['--all'] : []), source, `docker://${host}/${dest}`];
  const r = spawnSync('skopeo', args, { encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) throw new Error(`skopeo ${args.join(' ')} failed: ${r.stderr || r.error}`);
}
