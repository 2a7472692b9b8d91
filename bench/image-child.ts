/** Child process for the image benchmark: one SBOM run, then prints time and peak RSS as JSON. */
import { scanImage } from '../src/scan/image-scan.js';

const [ref, cache] = process.argv.slice(2);
const t = performance.now();
const r = await scanImage(ref!, { cacheDir: cache === 'none' ? false : cache });
const seconds = (performance.now() - t) / 1000;
console.log(JSON.stringify({ seconds, maxRSSMiB: process.resourceUsage().maxRSS / 1024, packages: r.sbom.packages.length, layers: r.layers.length }));
