import type { NomadModel } from '../../deploy/nomad/model.js';
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
import imageLatest from './image-latest.js';
import imageNotPinned from './image-not-pinned.js';
import registryNotAllowed from './registry-not-allowed.js';
import registryPassword from './registry-password.js';
import secretInEnv from './secret-in-env.js';
import templateCredentials from './template-credentials.js';
import invalidJob from './invalid-job.js';

/** Every Nomad rule, in id order. Adding a rule = one new file in this folder + one line here. */
export const nomadRules: DeployRule<NomadModel>[] = [
  rootUser, // LS-NOMAD-001
  privileged, // LS-NOMAD-002
  dangerousCapability, // LS-NOMAD-003
  seccompUnconfined, // LS-NOMAD-004
  confinementDisabled, // LS-NOMAD-005
  hostNetwork, // LS-NOMAD-006
  hostPid, // LS-NOMAD-007
  hostIpc, // LS-NOMAD-008
  runtimeSocketMount, // LS-NOMAD-009
  sensitiveHostMount, // LS-NOMAD-010
  imageLatest, // LS-NOMAD-011
  imageNotPinned, // LS-NOMAD-012
  registryNotAllowed, // LS-NOMAD-013
  registryPassword, // LS-NOMAD-014
  secretInEnv, // LS-NOMAD-015
  templateCredentials, // LS-NOMAD-016
  invalidJob, // LS-NOMAD-017
];
