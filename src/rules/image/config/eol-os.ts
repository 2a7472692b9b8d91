import type { ImageRule } from '../rule.js';

const rule: ImageRule = {
  meta: {
    id: 'LS-IMG-007',
    kind: 'misconfiguration',
    severity: 'HIGH',
    phase: 'image',
    title: 'Operating system is past end of life',
    aliases: [],
    tags: ['security', 'maintenance'],
    remediation: 'Move to a supported release of the distribution (e.g. `debian:12-slim`, a current `alpine:3.x`) and rebuild; an end-of-life release gets no more security fixes, and vulnerability databases stop listing its new flaws.',
    docs: `The image's operating system is read from \`/etc/os-release\` (and the distribution's release files) and
looked up in a dated end-of-life table. Once the distribution stops publishing security updates for the
release, every new vulnerability in its packages stays unfixed, and scanners may not even report them
because the distribution no longer triages them. The finding names the release and the date support ended,
and points at the layer that provides the release file.

\`\`\`dockerfile
FROM debian:10-slim          # fires: Debian 10 support ended 2024-06-30
\`\`\`

\`\`\`dockerfile
FROM debian:12-slim          # ok
\`\`\``,
  },
  check({ sbom }) {
    const os = sbom.os;
    if (!os?.eol?.passed) return [];
    const name = os.name ?? `${os.family} ${os.version}`;
    return [
      {
        message: `${name} (${os.family} ${os.version}) reached end of life on ${os.eol.date}: it gets no more security fixes.`,
        ...(os.location ? { path: os.location.path } : {}),
        ...(os.location?.layer ? { layer: { diffID: os.location.layer.diffID, index: os.location.layer.index } } : {}),
        details: { family: os.family, version: os.version, eolDate: os.eol.date, source: os.eol.source },
      },
    ];
  },
};

export default rule;
