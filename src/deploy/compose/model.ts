import type { ContainerSpec } from '../shared/container.js';
import type { Problem } from '../shared/yaml.js';

export interface ComposeService {
  name: string;
  spec: ContainerSpec;
  /** `profiles:`: the service only starts when one of them is enabled. */
  profiles: string[];
  /** Line of the service's key and last line of its body (for suppression scopes). */
  line: number;
  endLine: number;
}

/** One Compose file as the rules see it. */
export interface ComposeModel {
  path: string;
  services: ComposeService[];
  /** Why the file could not be read as Compose (YAML syntax, wrong shape), with positions. */
  problems: Problem[];
  /** The file is not valid YAML (as opposed to valid YAML of the wrong shape). */
  yamlError: boolean;
}
