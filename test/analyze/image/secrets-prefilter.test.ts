/**
 * The keyword prefilter changes speed only: on every text file the `image-secrets` analyzer
 * selects in real fixture images (scripts/fixtures/build.sh), the engine with the prefilter (as
 * the analyzer calls it, on bytes) returns exactly what every rule's regex on every file returns.
 * Skips when the fixtures are not built.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Analyzer } from '../../../src/analyze/analyzer.js';
import { SCAN_BYTES, wantsForSecrets } from '../../../src/analyze/image/secrets.js';
import { looksBinary, scanBufferDetailed, scanBufferNoPrefilter, scanText, scanTextNoPrefilter } from '../../../src/analyze/secret/index.js';
import { walkImage } from '../../../src/image/walk.js';
import { openImageSource } from '../../../src/source/image/index.js';
import { FIXTURES_DIR } from '../../helpers/repo.js';

const FIXTURES = FIXTURES_DIR;
const MANIFEST = join(FIXTURES, 'fixtures.json');
const skip = existsSync(MANIFEST) ? false : `fixtures not built (looked for ${MANIFEST})`;

/** `app`: Debian + node_modules + planted secrets; `langs`: Debian + Python, Java and Go packages. */
for (const name of ['app', 'langs']) {
  test(`prefilter equivalence on every scanned text file of the ${name} fixture image`, { skip }, async (t) => {
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as {
      images: Record<string, { formats: Record<string, { path: string; ref?: string }> } | undefined>;
    };
    const oci = manifest.images[name]?.formats.oci;
    if (!oci) return t.skip(`no ${name} OCI layout in fixtures.json`);
    let files = 0;
    let matches = 0;
    const mismatches: string[] = [];
    const analyzer: Analyzer = {
      name: 'test-prefilter-equivalence',
      version: 1,
      maxBytes: SCAN_BYTES,
      wants: wantsForSecrets,
      analyze: ({ path, content }) => {
        if (looksBinary(content)) return undefined;
        files++;
        const opts = { path, maxBytes: SCAN_BYTES };
        const expected = scanBufferNoPrefilter(content, opts);
        matches += expected.length;
        if (JSON.stringify(scanBufferDetailed(content, opts).matches) !== JSON.stringify(expected)) mismatches.push(path);
        // The string entry point too (its automaton searches a latin1 copy of the text).
        const text = content.toString('utf8');
        if (JSON.stringify(scanText(text, opts)) !== JSON.stringify(scanTextNoPrefilter(text, opts))) mismatches.push(`${path} (text)`);
        return undefined;
      },
    };
    const source = await openImageSource(`${join(FIXTURES, oci.path)}:${oci.ref ?? name}`);
    try {
      await walkImage(source, { analyzers: [analyzer] });
    } finally {
      await source.close();
    }
    assert.deepEqual(mismatches, []);
    assert.ok(files > 1000, `only ${files} text files scanned`);
    if (name === 'app') assert.ok(matches > 0, 'the app image has planted secrets');
  });
}
