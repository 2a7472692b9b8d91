import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getWriter, writers } from '../../src/report/index.js';
import { ctx, sampleReport } from './fixtures.js';

describe('writer registry', () => {
  it('has the four formats, each once', () => {
    assert.deepEqual(writers.map((w) => w.name).sort(), ['json', 'markdown', 'sarif', 'table']);
  });

  it('looks writers up by name, ignoring case, and returns undefined for unknown names', () => {
    assert.equal(getWriter('sarif')?.name, 'sarif');
    assert.equal(getWriter('JSON')?.name, 'json');
    assert.equal(getWriter('xml'), undefined);
    assert.equal(getWriter(''), undefined);
  });

  it('gives every writer metadata and output that ends with a newline', () => {
    for (const w of writers) {
      assert.ok(w.description.length > 0 && /^[a-z]+\/[a-z+.-]+$/.test(w.mediaType) && !w.fileExtension.startsWith('.'), w.name);
      const out = w.render(sampleReport(), ctx());
      assert.ok(out.endsWith('\n') && out.length > 100, w.name);
    }
  });
});
