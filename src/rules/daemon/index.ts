import type { DaemonModel } from '../../deploy/daemon/model.js';
import type { DeployRule } from '../../deploy/types.js';
import invalidConfig from './invalid-config.js';
import insecureRegistries from './insecure-registries.js';
import remoteApiWithoutTls from './remote-api-without-tls.js';
import noUsernsRemap from './no-userns-remap.js';
import interContainerCommunication from './inter-container-communication.js';
import noNewPrivileges from './no-new-privileges.js';
import liveRestore from './live-restore.js';
import seccompUnconfined from './seccomp-unconfined.js';
import loggingDisabled from './logging-disabled.js';

/** Every Docker daemon (daemon.json) rule, in id order. */
export const daemonRules: DeployRule<DaemonModel>[] = [
  invalidConfig, // LS-DAEMON-001
  insecureRegistries, // LS-DAEMON-002
  remoteApiWithoutTls, // LS-DAEMON-003
  noUsernsRemap, // LS-DAEMON-004
  interContainerCommunication, // LS-DAEMON-005
  noNewPrivileges, // LS-DAEMON-006
  liveRestore, // LS-DAEMON-007
  seccompUnconfined, // LS-DAEMON-008
  loggingDisabled, // LS-DAEMON-009
];
