import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dotnetAnalyzer, parseDepsJson, wantsDotnet } from '../../../../src/analyze/pkg/lang/dotnet.js';
import { analyze, fileInfo, input } from './helpers.js';

/**
 * No .NET SDK is installable on this machine (not in Debian 12), so this deps.json is written by
 * hand after the documented DependencyModel schema and the shape `dotnet publish` emits for a
 * console app with two NuGet references (one with a transitive dependency) and a project reference.
 */
const DEPS_JSON = {
  runtimeTarget: { name: '.NETCoreApp,Version=v8.0', signature: '' },
  compilationOptions: {},
  targets: {
    '.NETCoreApp,Version=v8.0': {
      'MyApp/1.0.0': {
        dependencies: { 'Newtonsoft.Json': '13.0.3', 'Serilog.Sinks.Console': '5.0.1', MyLib: '1.0.0' },
        runtime: { 'MyApp.dll': {} },
      },
      'Newtonsoft.Json/13.0.3': { runtime: { 'lib/net6.0/Newtonsoft.Json.dll': { assemblyVersion: '13.0.0.0', fileVersion: '13.0.3.27908' } } },
      'Serilog/3.1.1': { runtime: { 'lib/net7.0/Serilog.dll': { assemblyVersion: '2.0.0.0', fileVersion: '3.1.1.0' } } },
      'Serilog.Sinks.Console/5.0.1': { dependencies: { Serilog: '3.1.1' }, runtime: { 'lib/net7.0/Serilog.Sinks.Console.dll': {} } },
      'MyLib/1.0.0': { runtime: { 'MyLib.dll': {} } },
    },
  },
  libraries: {
    'MyApp/1.0.0': { type: 'project', serviceable: false, sha512: '' },
    'Newtonsoft.Json/13.0.3': { type: 'package', serviceable: true, sha512: 'sha512-HrC5BXdl00IP9zeV+0Z848QWPAoCr9P3bDEZguI+gkLcBKAOxix/tLEAAHC+UvDNPv4a2d18lOReHMOagPa+zQ==', path: 'newtonsoft.json/13.0.3', hashPath: 'newtonsoft.json.13.0.3.nupkg.sha512' },
    'Serilog/3.1.1': { type: 'package', serviceable: true, sha512: 'sha512-x', path: 'serilog/3.1.1', hashPath: 'serilog.3.1.1.nupkg.sha512' },
    'Serilog.Sinks.Console/5.0.1': { type: 'package', serviceable: true, sha512: 'sha512-y', path: 'serilog.sinks.console/5.0.1', hashPath: 'serilog.sinks.console.5.0.1.nupkg.sha512' },
    'MyLib/1.0.0': { type: 'project', serviceable: false, sha512: '' },
  },
};

describe('.NET deps.json (hand-written after the documented schema)', () => {
  it('NuGet packages only, with purls and dependency names', async () => {
    const out = await analyze(dotnetAnalyzer, input('app/MyApp.deps.json', JSON.stringify(DEPS_JSON, null, 2)));
    assert.equal(out.warnings, undefined);
    const pkgs = out.packages ?? [];
    assert.deepEqual(pkgs.map((p) => p.purl), ['pkg:nuget/Newtonsoft.Json@13.0.3', 'pkg:nuget/Serilog@3.1.1', 'pkg:nuget/Serilog.Sinks.Console@5.0.1']);
    assert.deepEqual(pkgs.find((p) => p.name === 'Serilog.Sinks.Console')?.dependsOn, ['Serilog']);
    assert.equal(pkgs[0].metadata?.nugetPath, 'newtonsoft.json/13.0.3');
    assert.ok(pkgs.every((p) => p.type === 'nuget' && p.foundBy === 'dotnet-deps' && p.locations[0].path === 'app/MyApp.deps.json'));
  });

  it('without runtimeTarget the first target is used; a UTF-8 BOM (Windows editors) is tolerated', async () => {
    const { runtimeTarget: _drop, ...rest } = DEPS_JSON;
    const parsed = parseDepsJson(JSON.stringify(rest));
    assert.deepEqual(parsed.entries.find((e) => e.name === 'Serilog.Sinks.Console')?.dependencies, ['Serilog']);
    const out = await analyze(dotnetAnalyzer, input('app/x.deps.json', `\ufeff${JSON.stringify(DEPS_JSON)}`));
    assert.equal(out.packages?.length, 3);
  });

  it('malformed files warn', async () => {
    for (const text of ['{"libraries": [1]}', 'nope', '{"targets": {}}']) {
      const out = await analyze(dotnetAnalyzer, input('app/x.deps.json', text));
      assert.equal(out.packages, undefined, text);
      assert.equal(out.warnings?.length, 1, text);
    }
    const odd = await analyze(dotnetAnalyzer, input('app/x.deps.json', '{"libraries": {"NoVersion": {"type": "package"}, "/1.0": {"type": "package"}}}'));
    assert.deepEqual(odd, {});
  });

  it('wants *.deps.json files', () => {
    assert.equal(wantsDotnet('app/MyApp.deps.json', fileInfo('', 10)), true);
    assert.equal(wantsDotnet('app/deps.json.bak', fileInfo('', 10)), false);
  });
});
