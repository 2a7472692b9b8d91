import type { RunModel } from '../../deploy/docker-run/model.js';
import type { DeployRule } from '../../deploy/types.js';
import rootUser from './root-user.js';
import privileged from './privileged.js';
import dangerousCapability from './dangerous-capability.js';
import seccompUnconfined from './seccomp-unconfined.js';
import confinementDisabled from './confinement-disabled.js';
import hostNetwork from './host-network.js';
import hostPid from './host-pid.js';
import hostIpc from './host-ipc.js';
import runtimeSocketMount from './runtime-socket-mount.js';
import sensitiveHostMount from './sensitive-host-mount.js';
import secretInEnv from './secret-in-env.js';
import imageLatest from './image-latest.js';
import internalPortPublished from './internal-port-published.js';
import registryNotAllowed from './registry-not-allowed.js';
import invalidCiFile from './invalid-ci-file.js';

/** Every `docker run` / `podman run` rule, in id order. */
export const dockerRunRules: DeployRule<RunModel>[] = [
  rootUser, // LS-RUN-001
  privileged, // LS-RUN-002
  dangerousCapability, // LS-RUN-003
  seccompUnconfined, // LS-RUN-004
  confinementDisabled, // LS-RUN-005
  hostNetwork, // LS-RUN-006
  hostPid, // LS-RUN-007
  hostIpc, // LS-RUN-008
  runtimeSocketMount, // LS-RUN-009
  sensitiveHostMount, // LS-RUN-010
  secretInEnv, // LS-RUN-011
  imageLatest, // LS-RUN-012
  internalPortPublished, // LS-RUN-013
  registryNotAllowed, // LS-RUN-014
  invalidCiFile, // LS-RUN-015
];
