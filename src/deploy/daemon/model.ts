import type { Problem } from '../shared/yaml.js';
import { entry, parseJson, JsonSyntaxError, type JsonEntry, type JsonNode } from './json.js';

/** One daemon.json as the rules see it. */
export interface DaemonModel {
  path: string;
  /** The top-level object; undefined when the file does not parse. */
  root?: Extract<JsonNode, { type: 'object' }>;
  problems: Problem[];
  /**
   * The daemon runs rootless: the file is the rootless daemon's (`~/.config/docker/daemon.json`,
   * `$XDG_CONFIG_HOME/docker/daemon.json`), or says so (`"rootless": true`).
   */
  rootless: boolean;
}

export function parseDaemon(path: string, text: string): DaemonModel {
  const model: DaemonModel = { path, problems: [], rootless: /(?:^|\/)\.config\/docker\/daemon\.json$/.test(path) };
  let node: JsonNode;
  try {
    node = parseJson(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    model.problems.push({ line: e.line, column: e.column, message: e.message });
    return model;
  }
  if (node.type !== 'object') {
    model.problems.push({ line: node.line, column: node.column, message: 'the configuration must be a JSON object ({...})' });
    return model;
  }
  model.root = node;
  if (boolOption(model, 'rootless') === true) model.rootless = true;
  return model;
}

/** The entry for a daemon option (dockerd keeps the last of repeated keys). */
export function get(model: DaemonModel, key: string): JsonEntry | undefined {
  return entry(model.root, key);
}

/** `true`/`false` for boolean options, undefined when absent or not a boolean. */
export function boolOption(model: DaemonModel, key: string): boolean | undefined {
  const v = get(model, key)?.value;
  return v?.type === 'bool' ? v.value : undefined;
}

export function stringOption(model: DaemonModel, key: string): string | undefined {
  const v = get(model, key)?.value;
  return v?.type === 'string' ? v.value : undefined;
}

/** Options dockerd knows; a file named daemon.json with none of them is probably another program's. */
export const KNOWN_OPTIONS = new Set([
  'authorization-plugins', 'bip', 'bridge', 'builder', 'cgroup-parent', 'containerd', 'data-root', 'debug', 'default-address-pools',
  'default-cgroupns-mode', 'default-ipc-mode', 'default-runtime', 'default-shm-size', 'default-ulimits', 'dns', 'dns-opts', 'dns-search',
  'exec-opts', 'experimental', 'features', 'fixed-cidr', 'fixed-cidr-v6', 'group', 'hosts', 'icc', 'init', 'insecure-registries', 'ip',
  'ip-forward', 'ip-masq', 'ip6tables', 'iptables', 'ipv6', 'labels', 'live-restore', 'log-driver', 'log-level', 'log-opts',
  'max-concurrent-downloads', 'max-concurrent-uploads', 'metrics-addr', 'mtu', 'no-new-privileges', 'registry-mirrors', 'runtimes',
  'seccomp-profile', 'selinux-enabled', 'shutdown-timeout', 'storage-driver', 'storage-opts', 'tls', 'tlscacert', 'tlscert', 'tlskey',
  'tlsverify', 'userland-proxy', 'userland-proxy-path', 'userns-remap', 'rootless', 'proxies',
]);
