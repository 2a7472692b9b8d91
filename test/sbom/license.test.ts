import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import spdxParse from 'spdx-expression-parse';
import { joinAnd, licenseRefs, normalizeLicense, singleLicenseId } from '../../src/sbom/license.js';

/** One declared license → the expression it must normalise to (undefined: must stay free text). */
function expressionOf(raw: string): string | undefined {
  return normalizeLicense([raw]).expression;
}

describe('normalizeLicense: single entries', () => {
  const cases: Array<[string, string | undefined, string]> = [
    // Debian DEP-5 short names
    ['GPL-2+', 'GPL-2.0-or-later', 'DEP-5 "+" is or-later (spdx-correct alone says GPL-2.0-only)'],
    ['GPL-2', 'GPL-2.0-only', 'DEP-5 without + is only'],
    ['LGPL-2.1+', 'LGPL-2.1-or-later', 'LGPL 2.1'],
    ['LGPL-2', 'LGPL-2.0-only', 'LGPL 2 is 2.0'],
    ['BSD-3-clause', 'BSD-3-Clause', 'DEP-5 lower-case clause'],
    ['BSD-4-clause-UC', 'BSD-4-Clause-UC', 'clause inside a longer id'],
    ['Expat', 'MIT', 'Expat is MIT'],
    ['Apache-2.0', 'Apache-2.0', 'already SPDX'],
    ['GFDL-NIV-1.3+', 'GFDL-1.3-no-invariants-or-later', 'DEP-5 GFDL without invariant sections'],
    ['Perl', 'Artistic-1.0-Perl OR GPL-1.0-or-later', 'DEP-5 Perl is GPL-1+ or Artistic-1'],
    ['GPL-2+ or Artistic, and BSD-3-clause', '(GPL-2.0-or-later OR Artistic-1.0-Perl) AND BSD-3-Clause', 'DEP-5 comma lowers precedence'],
    ['GPL-2+ with Classpath exception', 'GPL-2.0-or-later WITH Classpath-exception-2.0', 'prose exception'],
    ['GPL-3+ with GCC-exception-3.1', 'GPL-3.0-or-later WITH GCC-exception-3.1', 'SPDX exception id after prose with'],
    // Python classifiers
    ['License :: OSI Approved :: MIT License', 'MIT', 'classifier'],
    ['License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)', 'GPL-2.0-or-later', 'GNU classifier with or later'],
    ['License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)', 'LGPL-3.0-only', 'LGPL classifier'],
    ['License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)', 'MPL-2.0', 'short name in parentheses'],
    ['License :: OSI Approved :: ISC License (ISCL)', 'ISC', 'ISC classifier'],
    ['License :: OSI Approved :: Apache Software License', undefined, 'unversioned Apache is ambiguous'],
    ['License :: OSI Approved :: BSD License', undefined, 'which BSD is unknown'],
    ['License :: OSI Approved', undefined, 'says nothing about the license'],
    // expressions
    ['MIT OR Apache-2.0', 'MIT OR Apache-2.0', 'dual license'],
    ['(MIT AND BSD-3-Clause)', 'MIT AND BSD-3-Clause', 'redundant parentheses dropped'],
    ['MIT AND (Apache-2.0 OR BSD-2-Clause)', 'MIT AND (Apache-2.0 OR BSD-2-Clause)', 'needed parentheses kept'],
    ['GPL-2.0+', 'GPL-2.0-or-later', 'deprecated + form upgraded'],
    ['GPL-2.0', 'GPL-2.0-only', 'deprecated bare GNU id upgraded'],
    ['MPL-1.1+', 'MPL-1.1+', 'non-GNU + kept'],
    // apk / rpm
    ['GPL-2.0-only', 'GPL-2.0-only', 'apk SPDX'],
    ['GPLv2+', 'GPL-2.0-or-later', 'Fedora GPLv2+'],
    ['GPL+', 'GPL-1.0-or-later', 'Fedora GPL+ is any version'],
    ['AGPLv3', 'AGPL-3.0-only', 'spdx-correct alone says or-later'],
    ['ASL 2.0', 'Apache-2.0', 'Fedora ASL'],
    ['MIT and LGPLv2+', 'MIT AND LGPL-2.0-or-later', 'Fedora lower-case and'],
    ['GPL+ or Artistic', 'GPL-1.0-or-later OR Artistic-1.0-Perl', 'the Perl module classic'],
    ['GPLv2+ and BSD with advertising', 'GPL-2.0-or-later AND BSD-4-Clause', '"with" inside a Fedora name is not WITH'],
    ['zlib and Boost', 'Zlib AND BSL-1.0', 'Fedora names in a compound'],
    ['MIT and BSD', undefined, 'Fedora BSD is ambiguous, so the whole entry stays text'],
    ['LicenseRef-Fedora-Public-Domain', 'LicenseRef-Fedora-Public-Domain', 'new Fedora SPDX with a LicenseRef'],
    // Maven / prose
    ['Apache License, Version 2.0', 'Apache-2.0', 'Maven name'],
    ['GNU General Public License v2 or later', 'GPL-2.0-or-later', 'spdx-correct alone says GPL-3.0-or-later'],
    ['GNU Lesser General Public License (LGPL), Version 2.1', 'LGPL-2.1-only', 'Maven LGPL name'],
    ['Apache-2.0 with LLVM exception', 'Apache-2.0 WITH LLVM-exception', 'spdx-correct alone drops the exception'],
    ['mit', 'MIT', 'case'],
    ['MIT/X11', 'MIT', 'spdx-correct for the long tail'],
    ['Eclipse Public License - v 1.0', 'EPL-1.0', 'family named by initials'],
    ['The Apache Software License, Version 2.0', 'Apache-2.0', 'versioned Apache is not ambiguous'],
    ['License :: OSI Approved :: Mozilla Public License 1.0 (MPL)', 'MPL-1.0', 'ambiguous abbreviation, versioned name'],
    ['Copyright Example Corp. Redistribution is permitted.', undefined, 'spdx-correct alone finds MIT in "perMITted"'],
    // npm
    ['{"type":"MIT","url":"https://opensource.org/licenses/MIT"}', 'MIT', 'npm legacy object as JSON text'],
    ['UNLICENSED', undefined, 'npm proprietary marker is not the Unlicense'],
    ['SEE LICENSE IN LICENSE.md', undefined, 'npm file reference'],
    // free text and guesses refused
    ['see LICENSE', undefined, 'free text'],
    ['GPL', undefined, 'unversioned GPL'],
    ['BSD', undefined, 'bare BSD'],
    ['BSD-like', undefined, 'spdx-correct alone says BSD-2-Clause'],
    ['CDDL', undefined, 'spdx-correct alone guesses CDDL-1.1'],
    ['MIT, Apache-2.0', undefined, 'a bare list: all or either is not ours to guess'],
    ['GPL-2+ with OpenSSL exception', undefined, 'no SPDX exception matches'],
    ['LGPL-2.1 with exceptions', undefined, 'unnamed exceptions'],
    ['Public Domain', undefined, 'no SPDX id'],
  ];
  for (const [raw, expected, why] of cases) {
    it(`${JSON.stringify(raw)} → ${expected ?? 'free text'} (${why})`, () => {
      const result = normalizeLicense([raw]);
      assert.equal(result.expression, expected);
      if (expected === undefined) assert.deepEqual(result.unparsed, [raw]);
      else {
        assert.deepEqual(result.unparsed, []);
        assert.doesNotThrow(() => spdxParse(expected));
      }
    });
  }
});

describe('normalizeLicense: several entries', () => {
  it('joins understood entries with AND, parenthesising compound ones', () => {
    const result = normalizeLicense(['GPL-2+', 'MIT OR Apache-2.0', 'BSD-3-clause']);
    assert.equal(result.expression, 'GPL-2.0-or-later AND (MIT OR Apache-2.0) AND BSD-3-Clause');
    assert.deepEqual(result.ids, ['GPL-2.0-or-later', 'MIT', 'Apache-2.0', 'BSD-3-Clause']);
    assert.deepEqual(result.parts, ['GPL-2.0-or-later', 'MIT OR Apache-2.0', 'BSD-3-Clause']);
  });

  it('gives no expression when any entry is free text, but keeps the understood parts', () => {
    const result = normalizeLicense(['GPL-2+', 'see LICENSE']);
    assert.equal(result.expression, undefined);
    assert.deepEqual(result.parts, ['GPL-2.0-or-later']);
    assert.deepEqual(result.ids, ['GPL-2.0-or-later']);
    assert.deepEqual(result.unparsed, ['see LICENSE']);
  });

  it('drops duplicates and entries that say nothing', () => {
    const result = normalizeLicense(['MIT', 'Expat', '  ', 'NOASSERTION', 'UNKNOWN', 'see LICENSE', ' see LICENSE ']);
    assert.equal(result.expression, undefined);
    assert.deepEqual(result.parts, ['MIT']);
    assert.deepEqual(result.unparsed, ['see LICENSE']);
  });

  it('reports the type of an npm license object, not its JSON, when the type is free text', () => {
    assert.deepEqual(normalizeLicense(['{"type":"Custom EULA","url":"https://x"}']).unparsed, ['Custom EULA']);
    assert.deepEqual(normalizeLicense(['{"type":"UNKNOWN"}']), { ids: [], parts: [], unparsed: [] });
  });

  it('returns nothing for no licenses', () => {
    assert.deepEqual(normalizeLicense([]), { ids: [], parts: [], unparsed: [] });
  });

  it('lists LicenseRefs in the expression but not among the SPDX ids', () => {
    const result = normalizeLicense(['MIT AND LicenseRef-Fedora-Public-Domain']);
    assert.deepEqual(result.ids, ['MIT']);
    assert.equal(result.expression, 'MIT AND LicenseRef-Fedora-Public-Domain');
  });

  it('treats DocumentRef licenses as free text: the SBOM cannot point into another document', () => {
    assert.equal(expressionOf('DocumentRef-other:LicenseRef-x'), undefined);
  });
});

describe('license helpers', () => {
  it('joinAnd parenthesises OR terms and flattens AND chains', () => {
    assert.equal(joinAnd(['MIT']), 'MIT');
    assert.equal(joinAnd(['MIT OR Apache-2.0', 'Zlib AND BSL-1.0', 'LicenseRef-x']), '(MIT OR Apache-2.0) AND Zlib AND BSL-1.0 AND LicenseRef-x');
  });

  it('licenseRefs lists each LicenseRef once', () => {
    assert.deepEqual(licenseRefs('LicenseRef-a AND (MIT OR LicenseRef-b) AND LicenseRef-a'), ['LicenseRef-a', 'LicenseRef-b']);
    assert.deepEqual(licenseRefs('MIT'), []);
  });

  it('singleLicenseId accepts only one plain list id', () => {
    assert.equal(singleLicenseId('MIT'), 'MIT');
    assert.equal(singleLicenseId('MIT OR Apache-2.0'), undefined);
    assert.equal(singleLicenseId('MPL-1.1+'), undefined);
    assert.equal(singleLicenseId('GPL-2.0-or-later WITH Classpath-exception-2.0'), undefined);
    assert.equal(singleLicenseId('LicenseRef-x'), undefined);
    assert.equal(singleLicenseId('not a license'), undefined);
  });
});
