/**
 * One container as the deploy rules see it, whatever wrote it: a Compose service, a Nomad task with
 * the docker/podman driver, or a `docker run` / `podman run` command line. Each platform's parser
 * maps its own syntax onto this shape (with the position of every setting), so the checks that are
 * the same everywhere — privileged, capabilities, host namespaces, mounts, images, secrets in the
 * environment — are written once, in src/rules/container/.
 */

/** Where something is written: 1-based line and column, and the file when it is not the scanned one. */
export interface Origin {
  line: number;
  column?: number;
  /** Set when the setting comes from another file (Compose `extends: {file: ...}`). */
  path?: string;
}

/**
 * A setting's value and where it is. `null` means the setting is present but its value cannot be
 * known from the file (an unset `${VAR}`, a shell variable): checks neither fire on it nor treat
 * it as missing.
 */
export interface At<T> extends Origin {
  value: T | null;
}

export interface Mount {
  /** Host path for binds (as written, `~` and relative paths kept), volume name for volumes. */
  source: string;
  target: string;
  type: 'bind' | 'volume' | 'tmpfs' | 'other';
  readOnly: boolean;
  origin: Origin;
  /** The source could not be resolved (interpolation, shell variable). */
  unresolved: boolean;
}

export interface EnvVar {
  name: string;
  /** Undefined when only the name is given (the value is taken from the environment at run time). */
  value?: string;
  /** The value is built from a variable (`${DB_PASSWORD}`, `$TOKEN`, a template): not a literal. */
  reference: boolean;
  origin: Origin;
}

export interface PortMapping {
  /** Host address the port is published on; undefined = all interfaces. */
  hostIp?: string;
  /** Host port (or range); undefined = an ephemeral port chosen by Docker. */
  hostPort?: string;
  containerPort: string;
  protocol?: string;
  /** As written, for messages. */
  raw: string;
  origin: Origin;
  /** Some part is an unresolved variable. */
  unresolved: boolean;
}

export interface ImageValue {
  /** The reference with variables resolved as far as possible (defaults applied). */
  text: string;
  /** As written in the file. */
  raw: string;
  /** A variable without a default remains: the image is not known statically. */
  unresolved: boolean;
}

export interface ContainerSpec {
  /** Which syntax the settings were written in; rules word their messages after it. */
  platform: 'compose' | 'nomad' | 'run';
  /** Plain name for finding details: the service, `group/task`, or the image of a command. */
  name: string;
  /** How messages name it: `service "web"`, `task "api" (group "web")`, `docker run nginx:1.27`. */
  label: string;
  /** Where it is declared (the service key, the task block, the command's first line). */
  origin: Origin;
  image?: At<ImageValue>;
  /** Built from local sources (Compose `build:`): registry and tag checks do not apply to it. */
  built: boolean;
  user?: At<string>;
  privileged?: At<boolean>;
  capAdd: At<string>[];
  capDrop: At<string>[];
  securityOpt: At<string>[];
  networkMode?: At<string>;
  pidMode?: At<string>;
  ipcMode?: At<string>;
  mounts: Mount[];
  readOnlyRootfs?: At<boolean>;
  env: EnvVar[];
  ports: PortMapping[];
  memoryLimit?: At<string>;
  /** `enabled` when a health check is declared, `disabled` when it is switched off. */
  healthcheck?: At<'enabled' | 'disabled'>;
  /**
   * Part of the configuration lives where the scanner cannot see it (an `extends` whose file is not
   * in the scan): checks for *missing* settings are skipped, since the other part may set them.
   */
  incomplete: boolean;
}

export function emptySpec(platform: ContainerSpec['platform'], name: string, label: string, origin: Origin): ContainerSpec {
  return { platform, name, label, origin, built: false, capAdd: [], capDrop: [], securityOpt: [], mounts: [], env: [], ports: [], incomplete: false };
}

/** A value that is known, or `null` (present but unknowable). */
export function at<T>(value: T | null, origin: Origin): At<T> {
  return { value, ...origin };
}

/** Only the position of an `At` (without its value), for hits. */
export function originOf(o: Origin): Origin {
  const out: Origin = { line: o.line };
  if (o.column !== undefined) out.column = o.column;
  if (o.path !== undefined) out.path = o.path;
  return out;
}
