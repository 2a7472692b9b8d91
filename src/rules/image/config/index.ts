import type { ImageRule } from '../rule.js';
import rootUser from './root-user.js';
import secretInConfig from './secret-in-config.js';
import missingHealthcheck from './missing-healthcheck.js';
import adminPorts from './admin-ports.js';
import floatingTag from './floating-tag.js';
import imageAge from './image-age.js';
import eolOs from './eol-os.js';
import remoteAdd from './remote-add.js';
import pipeToShell from './pipe-to-shell.js';
import chmodWorldWritable from './chmod-world-writable.js';
import systemUpgrade from './system-upgrade.js';
import packageCaches from './package-caches.js';
import missingExecutable from './missing-executable.js';

/** Checks on the image configuration and history. One file per rule, one line here. */
export const imageConfigRules: ImageRule[] = [
  rootUser,
  secretInConfig,
  missingHealthcheck,
  adminPorts,
  floatingTag,
  imageAge,
  eolOs,
  remoteAdd,
  pipeToShell,
  chmodWorldWritable,
  systemUpgrade,
  packageCaches,
  missingExecutable,
];
