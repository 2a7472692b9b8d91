import type { At, ContainerSpec, Origin } from '../shared/container.js';
import type { Problem } from '../shared/yaml.js';

export interface NomadTemplate {
  /** The template's text (`data`, or `EmbeddedTmpl` in JSON jobs). */
  data: string;
  /** File line of the first line of `data` (the line after `<<EOH` for heredocs). */
  firstLine: number;
  /** True when every line of `data` maps to its own file line (heredocs); else all map to `firstLine`. */
  multiline: boolean;
  destination?: string;
  origin: Origin;
}

export interface NomadAuth {
  username?: At<string>;
  password?: At<string>;
  origin: Origin;
}

export interface NomadTask {
  job: string;
  group: string;
  name: string;
  line: number;
  endLine: number;
  driver?: At<string>;
  /** The driver runs a container (`docker`, `podman`): the container rules apply. */
  container: boolean;
  /** Task settings mapped onto the common container model (user and env for every driver). */
  spec: ContainerSpec;
  auth: NomadAuth[];
  templates: NomadTemplate[];
}

/** One Nomad job file (HCL, HCL-JSON or the API's JSON job format) as the rules see it. */
export interface NomadModel {
  path: string;
  format: 'hcl' | 'json';
  tasks: NomadTask[];
  problems: Problem[];
}
