import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CvssError, roundup31, scoreV2, scoreV3, scoreVector, severityV3 } from '../../../src/vuln/severity/cvss.js';

/**
 * Expected scores are the published ones: the worked examples of the FIRST "CVSS v3.1 Examples"
 * document (the CVE named in each row), as also listed by NVD for those CVEs, and NVD's v2 base
 * scores for Heartbleed / Shellshock and the common v2 vectors.
 */
const V31: Array<[string, string, number]> = [
  ['CVE-2013-1937 phpMyAdmin reflected XSS', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
  ['CVE-2013-0375 MySQL stored SQLi', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N', 6.4],
  ['CVE-2014-3566 POODLE', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N', 3.1],
  ['CVE-2012-1516 VMware guest-to-host', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', 9.9],
  ['CVE-2009-0783 Tomcat', 'CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L', 4.2],
  ['CVE-2012-0384 Cisco IOS', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 8.8],
  ['CVE-2015-1098 Apple iWork', 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 7.8],
  ['CVE-2014-0160 Heartbleed', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', 7.5],
  ['CVE-2014-6271 Shellshock', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
  ['CVE-2008-1447 DNS cache poisoning', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N', 6.8],
  ['CVE-2014-2005 Sophos disk encryption', 'CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 6.8],
  ['CVE-2010-0467 Joomla directory traversal', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N', 5.8],
  ['CVE-2013-6014 Juniper proxy ARP', 'CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:C/C:N/I:H/A:H', 9.3],
  ['CVE-2014-9253 DokuWiki stored XSS', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N', 5.4],
  ['CVE-2011-1265 Bluetooth stack RCE', 'CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 8.8],
  ['CVE-2021-44228 Log4Shell (NVD)', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10.0],
];

test('CVSS v3.1 base scores match the published examples', () => {
  for (const [name, vector, expected] of V31) {
    const s = scoreV3(vector);
    assert.equal(s.score, expected, name);
    assert.equal(s.version, '3.1');
    assert.equal(s.severity, severityV3(expected));
  }
});

test('CVSS v3.0 vectors score with the v3.0 rounding', () => {
  assert.equal(scoreV3('CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H').score, 9.8);
  assert.equal(scoreV3('CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N').score, 6.1);
});

test('severity bands and zero impact', () => {
  assert.equal(scoreV3('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N').severity, 'NONE');
  assert.equal(severityV3(9.0), 'CRITICAL');
  assert.equal(severityV3(8.9), 'HIGH');
  assert.equal(severityV3(7.0), 'HIGH');
  assert.equal(severityV3(6.9), 'MEDIUM');
  assert.equal(severityV3(4.0), 'MEDIUM');
  assert.equal(severityV3(3.9), 'LOW');
  assert.equal(severityV3(0.1), 'LOW');
});

test('Roundup of the v3.1 specification (Appendix A)', () => {
  assert.equal(roundup31(4.02), 4.1);
  assert.equal(roundup31(4.0), 4.0);
  assert.equal(roundup31(4.000001), 4.0);
});

test('temporal metrics are accepted, base score reported', () => {
  assert.equal(scoreV3('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C').score, 9.8);
});

test('CVSS v2 base scores (NVD)', () => {
  assert.equal(scoreV2('AV:N/AC:L/Au:N/C:P/I:N/A:N').score, 5.0); // Heartbleed
  assert.equal(scoreV2('AV:N/AC:L/Au:N/C:C/I:C/A:C').score, 10.0); // Shellshock
  assert.equal(scoreV2('AV:N/AC:M/Au:N/C:P/I:P/A:P').score, 6.8);
  assert.equal(scoreV2('(AV:N/AC:L/Au:N/C:P/I:P/A:P)').score, 7.5);
  assert.equal(scoreV2('AV:N/AC:M/Au:N/C:N/I:P/A:N').severity, 'MEDIUM');
});

test('malformed vectors throw CvssError; v4 is not computed', () => {
  assert.throws(() => scoreV3('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:X/C:H/I:H/A:H'), CvssError);
  assert.throws(() => scoreV3('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H'), CvssError);
  assert.throws(() => scoreV3('CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), CvssError);
  assert.throws(() => scoreVector('garbage'), CvssError);
  assert.equal(scoreVector('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'), undefined);
});
