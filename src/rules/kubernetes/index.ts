import type { KubernetesRule } from '../../deploy/kubernetes/rule-kit.js';
import invalidManifest from './invalid-manifest.js';
import unrenderedTemplate from './unrendered-template.js';
import runAsRoot from './run-as-root.js';
import privilegeEscalation from './privilege-escalation.js';
import privileged from './privileged.js';
import capabilitiesAdded from './capabilities-added.js';
import capabilitiesNotDropped from './capabilities-not-dropped.js';
import seccomp from './seccomp.js';
import apparmorSelinux from './apparmor-selinux.js';
import procMount from './proc-mount.js';
import unsafeSysctls from './unsafe-sysctls.js';
import hostNamespaces from './host-namespaces.js';
import hostPath from './host-path.js';
import hostPort from './host-port.js';
import readOnlyRootFs from './read-only-root-fs.js';
import secretInEnv from './secret-in-env.js';
import secretInConfigmap from './secret-in-configmap.js';
import secretObject from './secret-object.js';
import automountSaToken from './automount-sa-token.js';
import defaultServiceAccount from './default-service-account.js';
import imageLatest from './image-latest.js';
import imageNotPinned from './image-not-pinned.js';
import imageRegistryNotAllowed from './image-registry-not-allowed.js';
import imagePullPolicy from './image-pull-policy.js';
import imageMovingTag from './image-moving-tag.js';
import imageAddressRegistry from './image-address-registry.js';
import namespaceDefaultDeny from './namespace-default-deny.js';
import podNotIsolated from './pod-not-isolated.js';
import serviceExposed from './service-exposed.js';
import cpuResources from './cpu-resources.js';
import memoryResources from './memory-resources.js';
import probes from './probes.js';
import rbacWildcard from './rbac-wildcard.js';
import rbacClusterAdmin from './rbac-cluster-admin.js';
import rbacSecrets from './rbac-secrets.js';
import rbacEscalationVerbs from './rbac-escalation-verbs.js';
import rbacPodExec from './rbac-pod-exec.js';
import namespacePodSecurity from './namespace-pod-security.js';

/** Every Kubernetes rule, in id order. Listed explicitly so adding a file never adds a rule by accident. */
export const kubernetesRules: readonly KubernetesRule[] = [
  invalidManifest,
  unrenderedTemplate,
  runAsRoot,
  privilegeEscalation,
  privileged,
  capabilitiesAdded,
  capabilitiesNotDropped,
  seccomp,
  apparmorSelinux,
  procMount,
  unsafeSysctls,
  hostNamespaces,
  hostPath,
  hostPort,
  readOnlyRootFs,
  secretInEnv,
  secretInConfigmap,
  secretObject,
  automountSaToken,
  defaultServiceAccount,
  imageLatest,
  imageNotPinned,
  imageRegistryNotAllowed,
  imagePullPolicy,
  imageMovingTag,
  imageAddressRegistry,
  namespaceDefaultDeny,
  podNotIsolated,
  serviceExposed,
  cpuResources,
  memoryResources,
  probes,
  rbacWildcard,
  rbacClusterAdmin,
  rbacSecrets,
  rbacEscalationVerbs,
  rbacPodExec,
  namespacePodSecurity,
];
