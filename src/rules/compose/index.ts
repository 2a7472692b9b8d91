import type { ComposeModel } from '../../deploy/compose/model.js';
import type { DeployRule } from '../../deploy/types.js';
import rootUser from './root-user.js';
import privileged from './privileged.js';
import dangerousCapability from './dangerous-capability.js';
import capabilitiesNotDropped from './capabilities-not-dropped.js';
import seccompUnconfined from './seccomp-unconfined.js';
import confinementDisabled from './confinement-disabled.js';
import noNewPrivileges from './no-new-privileges.js';
import hostNetwork from './host-network.js';
import hostPid from './host-pid.js';
import hostIpc from './host-ipc.js';
import runtimeSocketMount from './runtime-socket-mount.js';
import sensitiveHostMount from './sensitive-host-mount.js';
import writableRootFilesystem from './writable-root-filesystem.js';
import secretInEnvironment from './secret-in-environment.js';
import imageLatest from './image-latest.js';
import imageNotPinned from './image-not-pinned.js';
import registryNotAllowed from './registry-not-allowed.js';
import internalPortPublished from './internal-port-published.js';
import noHealthcheck from './no-healthcheck.js';
import noMemoryLimit from './no-memory-limit.js';
import invalidCompose from './invalid-compose.js';

/** Every Compose rule, in id order. Adding a rule = one new file in this folder + one line here. */
export const composeRules: DeployRule<ComposeModel>[] = [
  rootUser, // LS-COMPOSE-001
  privileged, // LS-COMPOSE-002
  dangerousCapability, // LS-COMPOSE-003
  capabilitiesNotDropped, // LS-COMPOSE-004
  seccompUnconfined, // LS-COMPOSE-005
  confinementDisabled, // LS-COMPOSE-006
  noNewPrivileges, // LS-COMPOSE-007
  hostNetwork, // LS-COMPOSE-008
  hostPid, // LS-COMPOSE-009
  hostIpc, // LS-COMPOSE-010
  runtimeSocketMount, // LS-COMPOSE-011
  sensitiveHostMount, // LS-COMPOSE-012
  writableRootFilesystem, // LS-COMPOSE-013
  secretInEnvironment, // LS-COMPOSE-014
  imageLatest, // LS-COMPOSE-015
  imageNotPinned, // LS-COMPOSE-016
  registryNotAllowed, // LS-COMPOSE-017
  internalPortPublished, // LS-COMPOSE-018
  noHealthcheck, // LS-COMPOSE-019
  noMemoryLimit, // LS-COMPOSE-020
  invalidCompose, // LS-COMPOSE-021
];
