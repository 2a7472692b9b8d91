import type { DeployScanner } from './types.js';
import { kubernetesScanner } from './kubernetes/index.js';
import { composeScanner } from './compose/index.js';
import { nomadScanner } from './nomad/index.js';
import { daemonScanner } from './daemon/index.js';
import { dockerRunScanner } from './docker-run/index.js';

/**
 * Every deploy platform, in the order files are offered to them. Adding one = a folder with a
 * scanner + one line here.
 */
export const deployScanners: DeployScanner[] = [kubernetesScanner, composeScanner, nomadScanner, daemonScanner, dockerRunScanner];
