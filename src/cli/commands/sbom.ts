import type { Command } from 'commander';
import { Option } from 'commander';
import { scanImage } from '../../scan/image-scan.js';
import { getSbomFormat, sbomFormats } from '../../sbom/index.js';
import { UsageError } from '../../errors.js';
import { emit } from '../output.js';
import { createProgress } from '../progress.js';
import { addImageOptions, imageScanOptions, type ImageFlags } from '../image-flags.js';
import { collect } from '../registry-flags.js';
import { loadConfigFile } from '../../config/config-file.js';
import { scanVulnerabilities } from '../../vuln/scan.js';
import { renderCycloneDx } from '../../sbom/cyclonedx.js';
import { buildCdxVulnerabilities } from '../../vuln/match/index.js';

interface SbomFlags extends ImageFlags {
  format: string;
  output?: string;
  config?: string;
  quiet?: boolean;
  vulns?: boolean;
  vex: string[];
}


export { IMAGE_SOURCE_KINDS, parseImageSrc } from '../image-flags.js';

export function registerSbom(program: Command): void {
  const command = program
    .command('sbom')
    .description('write the SBOM of an image (docker save archive, OCI layout or archive, root filesystem, local engine image, registry image)')
    .argument('<image>', 'image: path to an archive or layout, rootfs:DIR, docker://REGISTRY/NAME:TAG, or an image name (local engines first, then its registry)')
    .addOption(new Option('-f, --format <format>', `SBOM format: ${sbomFormats.map((f) => f.name).join(', ')}`).default('cyclonedx'))
    .option('-o, --output <file>', 'write the SBOM to a file (atomically) instead of stdout')
  addImageOptions(command)
    .option('-c, --config <file>', 'config file (default: .leftshift.yaml in the current directory)')
    .option('--vulns', 'cyclonedx: add the vulnerabilities section (VEX-ready) from the vulnerability database')
    .option('--vex <file>', 'with --vulns: OpenVEX or CycloneDX VEX statements to apply (repeatable)', collect, [])
    .option('-q, --quiet', 'no progress output')
    .action(async (image: string, flags: SbomFlags) => {
      const format = getSbomFormat(flags.format);
      if (!format) throw new UsageError(`unknown SBOM format "${flags.format}"`, `use one of ${sbomFormats.map((f) => f.name).join(', ')}`);
      const config = await loadConfigFile(flags.config, process.cwd());
      const progress = createProgress(!flags.quiet && !process.env.CI);
      let result;
      try {
        result = await scanImage(image, imageScanOptions(flags, config.cacheDir, progress));
      } finally {
        progress.done();
      }
      const input = {
        subject: { kind: 'image' as const, metadata: result.metadata, layers: result.layers },
        os: result.sbom.os,
        packages: result.sbom.packages,
        createdAt: new Date(),
      };
      let content: string;
      if (flags.vulns) {
        if (format.name !== 'cyclonedx') throw new UsageError('--vulns needs --format cyclonedx', 'SPDX 2.3 has no vulnerability section');
        const v = scanVulnerabilities(result.sbom.packages, result.sbom.os, { cacheDir: flags.cacheDir ?? config.cacheDir, vexFiles: flags.vex });
        result.warnings.push(...v.warnings);
        content = renderCycloneDx(input, { vulnerabilities: { findings: v.findings, build: buildCdxVulnerabilities } });
      } else content = format.render(input);
      if (!flags.quiet) for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
      await emit(content, flags.output);
    });
}
