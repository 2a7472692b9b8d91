import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { dedupeLanguagePackages } from '../../../../src/analyze/pkg/lang/dedupe.js';
import { normalizePythonName, parseCoreMetadata, pythonAnalyzer, pythonFileKind, pythonLicenses, requirementName } from '../../../../src/analyze/pkg/lang/python.js';
import { analyze, input, need, walkAnalyze } from './helpers.js';
import { pythonFixture } from './make-fixtures.js';

const SITE = '/usr/lib/python3/dist-packages';

interface Dist {
  path: string;
  name: string;
  version: string;
  license: string | null;
  classifiers: string[];
  files: string[];
}

describe("Python: Debian's dist-packages (reference: importlib.metadata)", () => {
  it('one package per distribution importlib finds, same names and versions', async (t) => {
    const dir = need(t, pythonFixture());
    if (!dir) return;
    const ref = JSON.parse(readFileSync(`${dir}/importlib.json`, 'utf8')) as Dist[];
    const { packages, warnings } = await walkAnalyze(pythonAnalyzer, SITE, SITE.slice(1));
    assert.deepEqual(warnings, []);
    const got = packages.map((p) => `${p.name}@${p.version}`).sort();
    assert.deepEqual(got, ref.map((d) => `${d.name}@${d.version}`).sort());
    assert.ok(ref.length >= 20);
    // Every kind of metadata file is represented: dist-info, egg-info dir, single-file egg-info.
    const kinds = new Set(packages.map((p) => pythonFileKind(p.locations[0].path)));
    assert.ok(packages.some((p) => p.locations[0].path.endsWith('.dist-info/METADATA')));
    assert.ok(packages.some((p) => p.locations[0].path.endsWith('.egg-info/PKG-INFO')));
    assert.ok(kinds.has('egg-info-file'), 'python3-gpg ships a single-file egg-info');
  });

  it('PyYAML from python3-yaml: PEP 503 purl, License field, RECORD → owned files', async (t) => {
    const dir = need(t, pythonFixture());
    if (!dir) return;
    const ref = (JSON.parse(readFileSync(`${dir}/importlib.json`, 'utf8')) as Dist[]).find((d) => d.name === 'PyYAML')!;
    const metaPath = `${ref.path}/METADATA`.slice(1);
    const out = await analyze(pythonAnalyzer, input(metaPath, readFileSync(`/${metaPath}`)));
    const pkg = out.packages![0];
    assert.equal(pkg.purl, `pkg:pypi/pyyaml@${ref.version}`);
    assert.deepEqual(pkg.licenses, [ref.license]);
    assert.equal(pkg.metadata?.sitePackages, SITE.slice(1));

    const recordPath = `${ref.path}/RECORD`.slice(1);
    const rec = await analyze(pythonAnalyzer, input(recordPath, readFileSync(`/${recordPath}`)));
    const expected = ref.files.filter((f) => !f.startsWith(`${ref.path}/`)).map((f) => f.slice(1));
    assert.ok(expected.length > 5);
    assert.deepEqual([...(rec.ownedFiles ?? [])].sort(), expected.sort());
    assert.equal(rec.packages, undefined);
  });

  it('single-file egg-info (python3-gpg): licenses and name from the file itself', async (t) => {
    const dir = need(t, pythonFixture());
    if (!dir) return;
    const ref = (JSON.parse(readFileSync(`${dir}/importlib.json`, 'utf8')) as Dist[]).find((d) => d.name === 'gpg')!;
    const out = await analyze(pythonAnalyzer, input(ref.path.slice(1), readFileSync(ref.path)));
    assert.equal(out.packages?.[0].version, ref.version);
    assert.deepEqual(out.packages?.[0].licenses, [ref.license]);
  });

  it('dist-info + egg-info of one distribution in one directory are merged by the dedupe', async (t) => {
    const dir = need(t, pythonFixture());
    if (!dir) return;
    const { packages } = await walkAnalyze(pythonAnalyzer, SITE, SITE.slice(1));
    const merged = dedupeLanguagePackages(packages);
    const names = merged.map((p) => `${p.name}@${p.version}`);
    assert.equal(new Set(names).size, names.length);
    const twice = packages.length - merged.length;
    const ref = JSON.parse(readFileSync(`${dir}/importlib.json`, 'utf8')) as Dist[];
    assert.equal(twice, ref.length - new Set(ref.map((d) => `${d.name}@${d.version}`)).size);
  });
});

describe('Python core metadata parsing', () => {
  it('continuation lines, repeated fields, body ignored', () => {
    const f = parseCoreMetadata('Metadata-Version: 2.1\nName: a\nLicense: Line one\n        line two\nClassifier: X :: Y\nClassifier: License :: OSI Approved :: MIT License\n\nName: body-not-a-header\n');
    assert.deepEqual(f.get('name'), ['a']);
    assert.deepEqual(f.get('license'), ['Line one\nline two']);
    assert.equal(f.get('classifier')?.length, 2);
  });

  it('license precedence: expression, short License field, classifiers', () => {
    const lic = (s: string) => pythonLicenses(parseCoreMetadata(s));
    assert.deepEqual(lic('License-Expression: MIT OR Apache-2.0\nLicense: BSD\n'), ['MIT OR Apache-2.0']);
    assert.deepEqual(lic('License: BSD\nClassifier: License :: OSI Approved :: MIT License\n'), ['BSD']);
    assert.deepEqual(lic('License: UNKNOWN\nClassifier: License :: OSI Approved :: MIT License\nClassifier: License :: OSI Approved\n'), ['MIT License']);
    assert.deepEqual(lic('License: Copyright (c) 2020\n    Permission is hereby granted\nClassifier: License :: OSI Approved :: BSD License\n'), ['BSD License'], 'pasted license text is not a name');
  });

  it('requirements and names', () => {
    assert.equal(requirementName('idna<4,>=2.5'), 'idna');
    assert.equal(requirementName('PySocks!=1.5.7,>=1.5.6; extra == "socks"'), undefined);
    assert.equal(requirementName('typing_extensions (>=3.7) ; python_version < "3.8"'), 'typing-extensions');
    assert.equal(normalizePythonName('Foo.Bar__baz'), 'foo-bar-baz');
  });

  it('wants only metadata files', () => {
    assert.equal(pythonFileKind('usr/lib/python3/dist-packages/a-1.dist-info/METADATA'), 'metadata');
    assert.equal(pythonFileKind('usr/lib/python3/dist-packages/a-1.dist-info/RECORD'), 'record');
    assert.equal(pythonFileKind('usr/lib/python3/dist-packages/a-1.dist-info/WHEEL'), undefined);
    assert.equal(pythonFileKind('site/a.egg-info/PKG-INFO'), 'metadata');
    assert.equal(pythonFileKind('site/a-1.egg/EGG-INFO/PKG-INFO'), 'metadata');
    assert.equal(pythonFileKind('site/a-1-py3.11.egg-info'), 'egg-info-file');
    assert.equal(pythonFileKind('site/a/METADATA'), undefined);
  });

  it('garbage metadata: a warning; RECORD paths escaping the root are dropped', async () => {
    const out = await analyze(pythonAnalyzer, input('site/x.dist-info/METADATA', Buffer.from([0xff, 0xfe, 0x00, 0x01])));
    assert.equal(out.packages, undefined);
    assert.equal(out.warnings?.length, 1);
    const rec = await analyze(pythonAnalyzer, input('site/x-1.dist-info/RECORD', 'x/__init__.py,sha256=a,1\n"x/odd,name.py",,\n../../../../../etc/passwd,,\nx-1.dist-info/METADATA,,\n'));
    assert.deepEqual(rec.ownedFiles, ['site/x/__init__.py', 'site/x/odd,name.py']);
  });
});
