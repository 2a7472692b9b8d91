import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { zipSync, type Zippable } from 'fflate';
import { OutputBuilder } from '../../../../src/analyze/pkg/lang/common.js';
import { catalogArchive, DEFAULT_JAVA_LIMITS, javaAnalyzer, manifestIdentity, nameVersionFromFilename, parseManifest, parseProperties, wantsJava } from '../../../../src/analyze/pkg/lang/java.js';
import { analyze, fileInfo, input, LAYER, need } from './helpers.js';
import { javaFixture } from './make-fixtures.js';

const JAVA_DIR = '/usr/share/java';

/** Regular (non-symlink) jars Debian installed. */
function debianJars(): string[] {
  return readdirSync(JAVA_DIR)
    .filter((f) => f.endsWith('.jar') && !lstatSync(`${JAVA_DIR}/${f}`).isSymbolicLink())
    .sort();
}

/** The pom.properties of a jar as `unzip` sees them: `group:artifact@version`. */
function unzipPomIds(jar: string): string[] {
  const list = execFileSync('unzip', ['-Z1', jar], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n');
  return list
    .filter((n) => /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/.test(n))
    .map((n) => {
      const props = Object.fromEntries(
        execFileSync('unzip', ['-p', jar, n], { encoding: 'utf8' })
          .split(/\r?\n/)
          .filter((l) => l.includes('=') && !l.startsWith('#'))
          .map((l) => [l.slice(0, l.indexOf('=')).trim(), l.slice(l.indexOf('=') + 1).trim()]),
      );
      return `${props.groupId}:${props.artifactId}@${props.version}`;
    })
    .sort();
}

const jarBytes = (name: string) => new Uint8Array(readFileSync(`${JAVA_DIR}/${name}`));

describe("Java: Debian's jars (reference: unzip -p … pom.properties)", () => {
  it('every pom.properties of every jar becomes a package with its group, artifact and version', async (t) => {
    if (!need(t, javaFixture())) return;
    const jars = debianJars();
    assert.ok(jars.includes('commons-lang3-3.12.0.jar') || jars.includes('commons-lang3.jar'));
    let compared = 0;
    for (const jar of jars) {
      const out = await analyze(javaAnalyzer, input(`usr/share/java/${jar}`, readFileSync(`${JAVA_DIR}/${jar}`)));
      assert.equal(out.warnings, undefined, jar);
      const fromPom = (out.packages ?? []).filter((p) => p.metadata?.confidence === 'pom.properties').map((p) => `${p.name}@${p.version}`).sort();
      assert.deepEqual(fromPom, unzipPomIds(`${JAVA_DIR}/${jar}`), jar);
      compared += fromPom.length;
    }
    assert.ok(compared > 20, `${compared} pom.properties compared`);
  });

  it('commons-lang3: purl and location', async (t) => {
    if (!need(t, javaFixture())) return;
    const jar = existsSync(`${JAVA_DIR}/commons-lang3-3.12.0.jar`) && !lstatSync(`${JAVA_DIR}/commons-lang3-3.12.0.jar`).isSymbolicLink() ? 'commons-lang3-3.12.0.jar' : 'commons-lang3.jar';
    const [id] = unzipPomIds(`${JAVA_DIR}/${jar}`);
    const out = await analyze(javaAnalyzer, input(`usr/share/java/${jar}`, readFileSync(`${JAVA_DIR}/${jar}`)));
    const pkg = out.packages![0];
    assert.equal(`${pkg.name}@${pkg.version}`, id);
    assert.equal(pkg.purl, `pkg:maven/org.apache.commons/commons-lang3@${pkg.version}`);
    assert.equal(pkg.type, 'maven');
    assert.deepEqual(pkg.locations, [{ path: `usr/share/java/${jar}`, layer: LAYER }]);
  });

  it('jars without pom.properties are named from manifest and file name, marked by confidence', async (t) => {
    if (!need(t, javaFixture())) return;
    for (const jar of debianJars()) {
      if (unzipPomIds(`${JAVA_DIR}/${jar}`).length > 0) continue;
      const out = await analyze(javaAnalyzer, input(`usr/share/java/${jar}`, readFileSync(`${JAVA_DIR}/${jar}`)));
      for (const p of out.packages ?? []) {
        assert.ok(['manifest', 'filename'].includes(String(p.metadata?.confidence)), jar);
        assert.equal(p.metadata?.artifactId, nameVersionFromFilename(jar).artifactId, jar);
      }
    }
  });
});

describe('Java: archives nested in archives (built here from Debian jars)', () => {
  function war(): Uint8Array {
    const files: Zippable = {
      'META-INF/MANIFEST.MF': new TextEncoder().encode('Manifest-Version: 1.0\r\nImplementation-Title: demo\r\n\r\n'),
      'WEB-INF/web.xml': new TextEncoder().encode('<web-app/>'),
      // One stored, one deflated: both zip methods a nested jar comes in.
      'WEB-INF/lib/commons-lang3-3.12.0.jar': [jarBytes('commons-lang3.jar'), { level: 0 }],
      'WEB-INF/lib/commons-io-2.11.0.jar': [jarBytes('commons-io.jar'), { level: 6 }],
      'WEB-INF/classes/app/Main.class': new Uint8Array([0xca, 0xfe, 0xba, 0xbe]),
    };
    return zipSync(files);
  }

  it('a war: libraries at app.war!/WEB-INF/lib/x.jar, the war itself from its file name', async (t) => {
    if (!need(t, javaFixture())) return;
    const out = await analyze(javaAnalyzer, input('srv/app-2.0.war', Buffer.from(war())));
    assert.equal(out.warnings, undefined);
    const byLoc = new Map((out.packages ?? []).map((p) => [p.locations[0].path, p]));
    assert.equal(byLoc.get('srv/app-2.0.war!/WEB-INF/lib/commons-lang3-3.12.0.jar')?.name, 'org.apache.commons:commons-lang3');
    assert.deepEqual(unzipPomIds(`${JAVA_DIR}/commons-io.jar`), [`${byLoc.get('srv/app-2.0.war!/WEB-INF/lib/commons-io-2.11.0.jar')!.name}@${byLoc.get('srv/app-2.0.war!/WEB-INF/lib/commons-io-2.11.0.jar')!.version}`]);
    const self = byLoc.get('srv/app-2.0.war')!;
    assert.equal(self.version, '2.0');
    assert.equal(self.metadata?.confidence, 'filename');
    assert.equal(self.metadata?.groupIdGuessed, true);
  });

  it('an ear holding the war: two levels down', async (t) => {
    if (!need(t, javaFixture())) return;
    const ear = zipSync({ 'app-2.0.war': war(), 'lib/guava.jar': jarBytes('guava.jar') });
    const out = await analyze(javaAnalyzer, input('srv/bundle.ear', Buffer.from(ear)));
    const locs = (out.packages ?? []).map((p) => p.locations[0].path);
    assert.ok(locs.includes('srv/bundle.ear!/app-2.0.war!/WEB-INF/lib/commons-lang3-3.12.0.jar'), locs.join('\n'));
    assert.ok(locs.includes('srv/bundle.ear!/lib/guava.jar'));
  });

  it('zip-bomb-ish nesting stops at the depth cap with a warning', async (t) => {
    if (!need(t, javaFixture())) return;
    let inner: Uint8Array = jarBytes('commons-lang3.jar');
    for (let i = 0; i < DEFAULT_JAVA_LIMITS.maxDepth + 2; i++) inner = zipSync({ [`lib/level${i}.jar`]: inner });
    const out = await analyze(javaAnalyzer, input('x/outer.jar', Buffer.from(inner)));
    assert.equal(out.packages, undefined, 'the real jar is too deep to be reached');
    assert.equal(out.warnings?.length, 1);
    assert.match(out.warnings![0], /nested deeper than 4 archives/);
  });

  it('entry size, total budget and entry count caps', async (t) => {
    if (!need(t, javaFixture())) return;
    const lang = jarBytes('commons-lang3.jar');
    const archive = zipSync({ 'lib/a.jar': lang, 'lib/b.jar': lang, 'lib/c.jar': lang });
    const run = (limits: Partial<typeof DEFAULT_JAVA_LIMITS>) => {
      const out = new OutputBuilder('t.war');
      catalogArchive(archive, 't.war', out, undefined, { ...DEFAULT_JAVA_LIMITS, ...limits });
      return out;
    };
    const small = run({ maxNestedBytes: lang.length - 1 });
    assert.equal(small.packages.length, 0);
    assert.equal(small.warnings.filter((w) => /exceeds the \d+ byte cap/.test(w)).length, 3);
    // Inner manifests and pom.properties draw on the same budget: leave room for those.
    const budget = run({ maxTotalBytes: lang.length * 2 + 64 * 1024 });
    assert.equal(budget.packages.length, 2, 'two jars fit the budget');
    assert.equal(budget.warnings.filter((w) => /budget/.test(w)).length, 1);
    const count = run({ maxEntries: 2 });
    assert.equal(count.packages.length, 0);
    assert.match(count.warnings[0], /more than 2 zip entries/);
  });

  it('truncated and garbage archives give warnings, never throw', async (t) => {
    if (!need(t, javaFixture())) return;
    const lang = readFileSync(`${JAVA_DIR}/commons-lang3.jar`);
    for (const [name, buf] of [
      ['cut.jar', lang.subarray(0, Math.floor(lang.length / 2))],
      ['noise.jar', Buffer.from('PK\x03\x04 this is not really a zip file at all')],
      ['empty-ish.jar', Buffer.alloc(100)],
    ] as const) {
      const out = await analyze(javaAnalyzer, input(`x/${name}`, buf));
      assert.equal(out.packages, undefined, name);
      assert.match(out.warnings?.[0] ?? '', /not a readable zip archive/, name);
    }
    // A war whose nested jar is cut short: the war's own entry survives, the inner one warns.
    const bad = zipSync({ 'WEB-INF/lib/broken-1.0.jar': [new Uint8Array(lang.subarray(0, 5000)), { level: 0 }] });
    const out = await analyze(javaAnalyzer, input('x/app.war', Buffer.from(bad)));
    assert.match(out.warnings?.[0] ?? '', /app\.war!\/WEB-INF\/lib\/broken-1\.0\.jar: not a readable zip/);
    const big = await analyze(javaAnalyzer, input('x/big.jar', lang, { truncated: true }));
    assert.match(big.warnings?.[0] ?? '', /larger than/);
  });
});

describe('Java: manifest, properties, file names', () => {
  it('manifest continuation lines and sections', () => {
    const m = parseManifest('Manifest-Version: 1.0\r\nBundle-Description: long\r\n  text wraps\r\nBundle-SymbolicName: org.x.y;singleton:=true\r\n\r\nName: a/b.class\r\nSHA-256-Digest: zz\r\n');
    assert.equal(m.get('bundle-description'), 'long text wraps');
    assert.equal(m.get('name'), undefined, 'per-entry sections are not the main section');
  });

  it('properties: separators, comments, escapes, continuations', () => {
    const p = parseProperties('#Generated by Maven\n#Tue\nversion=1.0\ngroupId : org.x\nartifactId\\:odd foo\\\n    bar\n! comment\nuni=\\u0041\n');
    assert.equal(p.get('version'), '1.0');
    assert.equal(p.get('groupId'), 'org.x');
    assert.equal(p.get('artifactId:odd'), 'foobar');
    assert.equal(p.get('uni'), 'A');
  });

  it('file names', () => {
    assert.deepEqual(nameVersionFromFilename('commons-lang3-3.12.0.jar'), { artifactId: 'commons-lang3', version: '3.12.0' });
    assert.deepEqual(nameVersionFromFilename('guava-31.1-jre.jar'), { artifactId: 'guava', version: '31.1-jre' });
    assert.deepEqual(nameVersionFromFilename('spring-boot-3.2.0-SNAPSHOT.jar'), { artifactId: 'spring-boot', version: '3.2.0-SNAPSHOT' });
    assert.deepEqual(nameVersionFromFilename('app.war'), { artifactId: 'app' });
  });

  it('Jenkins plugin manifests', () => {
    const id = manifestIdentity(parseManifest('Short-Name: git\nPlugin-Version: 5.2.1\n'), 'var/jenkins_home/plugins/git.jpi');
    assert.deepEqual(id, { groupId: 'org.jenkins-ci.plugins', artifactId: 'git', version: '5.2.1', confidence: 'manifest', groupIdGuessed: true });
  });

  it('wants archives by extension', () => {
    assert.equal(wantsJava('opt/app.jar', fileInfo('', 1000)), true);
    assert.equal(wantsJava('opt/app.WAR', fileInfo('', 1000)), true);
    assert.equal(wantsJava('var/jenkins/plugins/git.hpi', fileInfo('', 1000)), true);
    assert.equal(wantsJava('opt/app.jar.sha1', fileInfo('', 1000)), false);
    assert.equal(wantsJava('opt/tiny.jar', fileInfo('', 10)), false);
  });
});
