import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { ValidateFunction } from 'ajv';
import AjvDraft04Module from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { Severity } from '../../src/findings/severity.js';
import type { Finding, ScanReport } from '../../src/findings/types.js';
import { sarifWriter } from '../../src/report/sarif.js';
import { findUp } from '../helpers/repo.js';
import { RULES, ctx, finding, sampleReport } from './fixtures.js';

/**
 * The official schema (OASIS, draft-04): an unchanged copy is kept in test/fixtures/schemas so the
 * test runs without shared/; when shared/schemas is beside the checkout, that one is used and must
 * be identical. Found by walking up (findUp: test/ under tsx, dist/test/ after a build).
 */
function findSarifSchema(): string {
  const vendored = findUp('test/fixtures/schemas/sarif-schema-2.1.0.json');
  const shared = findUp('shared/schemas/sarif-schema-2.1.0.json');
  if (vendored && shared) assert.equal(readFileSync(vendored, 'utf8'), readFileSync(shared, 'utf8'), 'vendored SARIF schema differs from shared/');
  const path = shared ?? vendored;
  if (!path) throw new Error('sarif-schema-2.1.0.json not found');
  return path;
}

/** A real draft-04 validator (ajv-draft-04), as the schema declares. */
function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(findSarifSchema(), 'utf8')) as Record<string, unknown>;
  assert.equal(schema.$schema, 'http://json-schema.org/draft-04/schema#');
  // CommonJS default export seen through NodeNext interop: the class is on `.default`.
  const AjvDraft04 = (AjvDraft04Module as unknown as { default: typeof AjvDraft04Module }).default ?? AjvDraft04Module;
  const ajv = new (AjvDraft04 as unknown as new (o: object) => import('ajv').default)({ allErrors: true, strict: false });
  addFormats.default(ajv as unknown as Parameters<typeof addFormats.default>[0]);
  return ajv.compile(schema);
}

const validate = sarifValidator();

// Minimal typed view of what the tests read back.
interface Region { startLine: number; endLine?: number; startColumn?: number; endColumn?: number }
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  rank: number;
  message: { text: string };
  locations: {
    physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: Region };
    logicalLocations?: { name: string; fullyQualifiedName: string; kind: string }[];
  }[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; justification: string }[];
}
interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: string };
  properties: { tags: string[]; precision: string; 'security-severity': string; aliases?: string[] };
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; semanticVersion?: string; informationUri: string; rules: SarifRule[] } };
    results: SarifResult[];
    originalUriBaseIds: Record<string, unknown>;
  }[];
}

function render(report: ScanReport = sampleReport()): string {
  return sarifWriter.render(report, ctx());
}

function sarif(report: ScanReport = sampleReport()): SarifLog {
  const out = render(report);
  const doc = JSON.parse(out) as SarifLog;
  const ok = validate(doc);
  assert.ok(ok, `SARIF does not validate: ${JSON.stringify(validate.errors, null, 2)}`);
  return doc;
}

function oneTarget(findings: Finding[], kind: ScanReport['targets'][number]['kind'] = 'dockerfile', name = 'Dockerfile'): ScanReport {
  return { ...sampleReport(), targets: [{ kind, name, findings }], warnings: undefined };
}

function fingerprintOf(r: SarifResult): string {
  const values = Object.values(r.partialFingerprints);
  assert.equal(values.length, 1);
  return values[0];
}

describe('sarif writer', () => {
  it('validates against the official SARIF 2.1.0 schema', () => {
    const doc = sarif();
    assert.equal(doc.version, '2.1.0');
    assert.equal(doc.runs.length, 1);
    assert.match(doc.$schema, /sarif-schema-2\.1\.0\.json$/);
  });

  it('has a schema check that can fail (line 0 is rejected)', () => {
    const doc = JSON.parse(render()) as SarifLog;
    const withRegion = doc.runs[0].results.find((r) => r.locations[0].physicalLocation.region);
    assert.ok(withRegion?.locations[0].physicalLocation.region);
    withRegion.locations[0].physicalLocation.region.startLine = 0;
    assert.equal(validate(doc), false);
  });

  it('describes the tool for GitHub', () => {
    const driver = sarif().runs[0].tool.driver;
    assert.equal(driver.name, 'leftshift');
    assert.equal(driver.version, '0.1.0');
    assert.equal(driver.semanticVersion, '0.1.0');
    assert.match(driver.informationUri, /^https:\/\//);

    const odd = sampleReport();
    odd.tool.version = 'dev-build';
    const oddDriver = sarif(odd).runs[0].tool.driver;
    assert.equal(oddDriver.version, 'dev-build');
    assert.equal(oddDriver.semanticVersion, undefined);
  });

  it('maps every severity to level, rank and security-severity', () => {
    const expected: Record<Severity, { level: string; rank: number; score: string }> = {
      CRITICAL: { level: 'error', rank: 95, score: '9.5' },
      HIGH: { level: 'error', rank: 80, score: '8.0' },
      MEDIUM: { level: 'warning', rank: 55, score: '5.5' },
      LOW: { level: 'note', rank: 20, score: '2.0' },
      INFO: { level: 'note', rank: 0, score: '0.0' },
    };
    const findings = (Object.keys(expected) as Severity[]).map((severity, i) =>
      finding({ ruleId: `R-${severity}`, severity, location: { path: 'Dockerfile', line: i + 1 } }),
    );
    const run = sarif(oneTarget(findings)).runs[0];
    for (const severity of Object.keys(expected) as Severity[]) {
      const result = run.results.find((r) => r.ruleId === `R-${severity}`);
      const rule = run.tool.driver.rules.find((r) => r.id === `R-${severity}`);
      assert.equal(result?.level, expected[severity].level, severity);
      assert.equal(result?.rank, expected[severity].rank, severity);
      assert.equal(rule?.defaultConfiguration.level, expected[severity].level, severity);
      assert.equal(rule?.properties['security-severity'], expected[severity].score, severity);
    }
  });

  it('takes the result level from the finding and the rule default from the rule metadata', () => {
    // LS-DF-001 is HIGH in the registry; a config override reported it as LOW.
    const run = sarif(oneTarget([finding({ ruleId: 'LS-DF-001', severity: 'LOW' })])).runs[0];
    assert.equal(run.results[0].level, 'note');
    assert.equal(run.tool.driver.rules[0].defaultConfiguration.level, 'error');
  });

  it('lists each rule with a result exactly once, sorted, with matching ruleIndex', () => {
    const run = sarif().runs[0];
    const ids = run.tool.driver.rules.map((r) => r.id);
    assert.deepEqual(ids, ['LS-DF-001', 'LS-DF-002', 'LS-DF-003', 'LS-DF-004', 'LS-DF-005', 'LS-SEC-001']);
    assert.equal(run.results.filter((r) => r.ruleId === 'LS-DF-001').length, 2, 'rule fires in both targets');
    for (const r of run.results) assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
  });

  it('fills rule metadata from the registry: help, tags, precision, aliases', () => {
    const rule = sarif().runs[0].tool.driver.rules.find((r) => r.id === 'LS-DF-001');
    assert.ok(rule);
    assert.equal(rule.shortDescription.text, 'Container runs as root');
    assert.equal(rule.fullDescription.text, 'A container whose last USER is root gives an attacker root in the container.');
    assert.equal(rule.name, 'ContainerRunsAsRoot');
    assert.ok(rule.help.markdown.includes('```Dockerfile\nUSER root\n```'));
    assert.ok(rule.help.markdown.includes('Add `USER 10001` after the last RUN.'));
    assert.ok(rule.help.text.includes('Add `USER 10001` after the last RUN.'));
    assert.deepEqual(rule.properties.tags, ['security', 'misconfiguration', 'best-practice']);
    assert.equal(rule.properties.precision, 'very-high');
    assert.deepEqual(rule.properties.aliases, ['hadolint:DL3002', 'trivy:DS002']);

    const secretRule = sarif().runs[0].tool.driver.rules.find((r) => r.id === 'LS-SEC-001');
    assert.deepEqual(secretRule?.properties.tags, ['security', 'secret']);
    assert.equal(secretRule?.properties.precision, 'high');
  });

  it('builds a non-empty rule from the finding when the registry does not know the id', () => {
    const rule = sarif().runs[0].tool.driver.rules.find((r) => r.id === 'LS-DF-003');
    assert.equal(rule?.shortDescription.text, 'Title of LS-DF-003');
    assert.ok(rule?.help.text.includes('Fix LS-DF-003'));
  });

  it('ends each result message with the remediation', () => {
    for (const r of sarif().runs[0].results) {
      assert.ok(r.message.text.endsWith(`Remediation: Fix ${r.ruleId}`), r.message.text);
    }
  });

  it('never writes a region with a line below 1, and omits it when there is no line', () => {
    const run = sarif().runs[0];
    for (const r of run.results) {
      const region = r.locations[0].physicalLocation.region;
      if (region) assert.ok(region.startLine >= 1 && (region.endLine ?? 1) >= region.startLine);
    }
    const byRule = (id: string) => run.results.find((r) => r.ruleId === id);
    assert.equal(byRule('LS-DF-003')?.locations[0].physicalLocation.region, undefined, 'no line');
    assert.equal(byRule('LS-DF-005')?.locations[0].physicalLocation.region, undefined, 'line 0');
    assert.deepEqual(byRule('LS-DF-002')?.locations[0].physicalLocation.region, { startLine: 1, startColumn: 6, endLine: 1, endColumn: 19 });
  });

  it('drops contradictory region ends instead of emitting an invalid range', () => {
    const f = finding({ ruleId: 'X', location: { path: 'Dockerfile', line: 5, endLine: 3, column: 0, endColumn: 0 } });
    const region = sarif(oneTarget([f])).runs[0].results[0].locations[0].physicalLocation.region;
    assert.deepEqual(region, { startLine: 5, endLine: 5 });
  });

  it('uses relative, forward-slash, percent-encoded URIs based on %SRCROOT%', () => {
    const run = sarif().runs[0];
    assert.ok('%SRCROOT%' in run.originalUriBaseIds);
    const secret = run.results.find((r) => r.ruleId === 'LS-SEC-001');
    assert.deepEqual(secret?.locations[0].physicalLocation.artifactLocation, { uri: 'config/dev%20env', uriBaseId: '%SRCROOT%' });

    const windows = sarif(oneTarget([finding({ ruleId: 'X', location: { path: '.\\build\\Dockerfile.prod', line: 2 } })]));
    assert.equal(windows.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'build/Dockerfile.prod');
  });

  it('handles image findings whose path is an image reference', () => {
    const imageFinding = finding({
      ruleId: 'LS-IMG-001',
      kind: 'vulnerability',
      severity: 'HIGH',
      location: {
        path: 'registry.example.com:5000/team/app:1.2@sha256:abc',
        layer: { diffID: 'sha256:0123', index: 2 },
        package: { name: 'openssl', version: '3.0.1', purl: 'pkg:apk/alpine/openssl@3.0.1' },
      },
    });
    const result = sarif(oneTarget([imageFinding], 'image', 'registry.example.com:5000/team/app:1.2')).runs[0].results[0];
    const loc = result.locations[0];
    // No unencoded ':' — it would read as a URI scheme — and no source-root base.
    assert.equal(loc.physicalLocation.artifactLocation.uri.includes(':'), false);
    assert.equal(loc.physicalLocation.artifactLocation.uriBaseId, undefined);
    assert.equal(decodeURIComponent(loc.physicalLocation.artifactLocation.uri), 'registry.example.com:5000/team/app:1.2@sha256:abc');
    assert.equal(loc.physicalLocation.region, undefined);
    assert.deepEqual(loc.logicalLocations?.map((l) => [l.kind, l.name]), [['resource', 'layer 2'], ['module', 'openssl']]);
    assert.equal(loc.logicalLocations?.[1].fullyQualifiedName, 'pkg:apk/alpine/openssl@3.0.1');
  });

  it('keeps a file path inside an image apart from repository files', () => {
    const f = finding({ ruleId: 'LS-IMG-002', location: { path: '/etc/shadow', layer: { diffID: 'sha256:1', index: 0 } } });
    const artifact = sarif(oneTarget([f], 'image', 'alpine:3.19')).runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    assert.deepEqual(artifact, { uri: 'alpine%3A3.19/etc/shadow' });
  });

  it('marks suppressed results: inline as inSource, everything else as external', () => {
    const run = sarif().runs[0];
    const inline = run.results.find((r) => r.ruleId === 'LS-DF-004');
    const ignored = run.results.find((r) => r.ruleId === 'LS-DF-005');
    assert.deepEqual(inline?.suppressions?.map((s) => [s.kind, s.justification]), [['inSource', 'we need curl here']]);
    assert.equal(ignored?.suppressions?.[0].kind, 'external');
    assert.ok((ignored?.suppressions?.[0].justification ?? '').length > 0, 'justification is never empty');
    assert.equal(run.results.find((r) => r.ruleId === 'LS-DF-002')?.suppressions, undefined);
  });

  describe('fingerprints', () => {
    it('are identical across two renders and unique per finding', () => {
      const first = sarif().runs[0].results.map(fingerprintOf);
      const second = sarif().runs[0].results.map(fingerprintOf);
      assert.deepEqual(first, second);
      assert.equal(new Set(first).size, first.length);
    });

    it('survive the finding moving to another line, and line numbers quoted in the message', () => {
      const at = (line: number) =>
        fingerprintOf(sarif(oneTarget([finding({ ruleId: 'LS-DF-001', message: `USER root at line ${line}`, location: { path: 'Dockerfile', line } })])).runs[0].results[0]);
      assert.equal(at(3), at(30));
    });

    it('change with the rule, the path or the message', () => {
      const base = { ruleId: 'LS-DF-001', message: 'USER root', location: { path: 'Dockerfile', line: 3 } };
      const of = (f: Finding) => fingerprintOf(sarif(oneTarget([f])).runs[0].results[0]);
      const reference = of(finding(base));
      assert.notEqual(of(finding({ ...base, ruleId: 'LS-DF-002' })), reference);
      assert.notEqual(of(finding({ ...base, location: { path: 'other/Dockerfile', line: 3 } })), reference);
      assert.notEqual(of(finding({ ...base, message: 'USER admin' })), reference);
    });

    it('keep two identical problems on different lines apart', () => {
      const twice = [3, 8].map((line) => finding({ ruleId: 'LS-DF-001', message: 'same', location: { path: 'Dockerfile', line } }));
      const prints = sarif(oneTarget(twice)).runs[0].results.map(fingerprintOf);
      assert.notEqual(prints[0], prints[1]);
    });
  });

  it('is valid for an empty report too', () => {
    const run = sarif(oneTarget([])).runs[0];
    assert.deepEqual(run.results, []);
    assert.deepEqual(run.tool.driver.rules, []);
  });

  it('only describes rules that have results', () => {
    const ids = sarif().runs[0].tool.driver.rules.map((r) => r.id);
    assert.equal(ids.includes('LS-UNUSED-999'), false);
    assert.ok(RULES.some((r) => r.id === 'LS-UNUSED-999'));
  });
});
