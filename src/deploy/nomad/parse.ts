import { at, emptySpec, type At, type ContainerSpec, type EnvVar, type Mount, type Origin } from '../shared/container.js';
import { JsonSyntaxError, parseJson, type JsonNode } from '../daemon/json.js';
import { HclSyntaxError, parseHcl, type HclAttribute, type HclBlock, type HclValue } from './hcl.js';
import type { NomadAuth, NomadModel, NomadTask, NomadTemplate } from './model.js';

/**
 * Reads a Nomad job into tasks. Three spellings of the same job are accepted: HCL (`job "x" {}`),
 * HCL's JSON form (`{"job": {"x": {...}}}`) and the API's JSON job (`{"Job": {"TaskGroups": [...]}}`,
 * what `nomad job run -json` and `nomad job inspect` use). Positions are kept for all of them.
 */
export function parseNomad(path: string, text: string): NomadModel {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  const format = trimmed.startsWith('{') ? 'json' : 'hcl';
  const model: NomadModel = { path, format, tasks: [], problems: [] };
  try {
    if (format === 'hcl') {
      const body = parseHcl(text);
      const root = new Section(body.attributes, body.blocks, 1, 1);
      for (const job of root.labeled('job')) readJob(model, job.label, job.section, HCL_NAMES);
    } else {
      const json = parseJson(text);
      const root = Section.ofJson(json);
      const api = root.sections('Job')[0];
      if (api) readApiJob(model, api);
      else for (const job of root.labeled('job')) readJob(model, job.label, job.section, HCL_NAMES);
      if (!api && root.labeled('job').length === 0) model.problems.push({ line: json.line, column: json.column, message: 'a JSON job needs a top-level "Job" (API format) or "job" (HCL JSON) object' });
    }
  } catch (e) {
    if (e instanceof HclSyntaxError || e instanceof JsonSyntaxError) model.problems.push({ line: e.line, column: e.column, message: e.message });
    else throw e;
  }
  return model;
}

interface Names {
  driver: string;
  user: string;
  config: string;
  env: string;
  template: string;
  data: string;
  destination: string;
}

const HCL_NAMES: Names = { driver: 'driver', user: 'user', config: 'config', env: 'env', template: 'template', data: 'data', destination: 'destination' };
const API_NAMES: Names = { driver: 'Driver', user: 'User', config: 'Config', env: 'Env', template: 'Templates', data: 'EmbeddedTmpl', destination: 'DestPath' };

/**
 * A block body, an object value or a JSON object, read the same way: HCL blocks and attributes
 * whose value is an object (or a list of objects) are both "sections".
 */
class Section {
  constructor(
    readonly attributes: readonly HclAttribute[],
    readonly blocks: readonly HclBlock[],
    readonly line: number,
    readonly endLine: number,
  ) {}

  static ofBlock(b: HclBlock): Section {
    return new Section(b.body.attributes, b.body.blocks, b.line, b.endLine);
  }

  static ofObject(v: Extract<HclValue, { type: 'object' }>): Section {
    return new Section(v.entries, [], v.line, v.endLine);
  }

  static ofJson(node: JsonNode): Section {
    const v = jsonToHcl(node);
    return v.type === 'object' ? Section.ofObject(v) : new Section([], [], node.line, node.line);
  }

  attr(name: string): HclAttribute | undefined {
    for (let i = this.attributes.length - 1; i >= 0; i--) if (this.attributes[i]!.name === name) return this.attributes[i];
    return undefined;
  }

  sections(name: string): Section[] {
    const out = this.blocks.filter((b) => b.type === name).map(Section.ofBlock);
    for (const a of this.attributes) {
      if (a.name !== name) continue;
      if (a.value.type === 'object') out.push(Section.ofObject(a.value));
      else if (a.value.type === 'list') for (const item of a.value.items) if (item.type === 'object') out.push(Section.ofObject(item));
    }
    return out;
  }

  /** `name "label" {}` blocks, or HCL-JSON's `"name": {"label": {...}}` (also as a list of such objects). */
  labeled(name: string): Array<{ label: string; section: Section }> {
    const out = this.blocks.filter((b) => b.type === name).map((b) => ({ label: b.labels[0] ?? '', section: Section.ofBlock(b) }));
    for (const a of this.attributes) {
      if (a.name !== name) continue;
      const objects = a.value.type === 'object' ? [a.value] : a.value.type === 'list' ? a.value.items.filter(isObject) : [];
      for (const o of objects) {
        for (const e of o.entries) {
          if (e.value.type === 'object') out.push({ label: e.name, section: Section.ofObject(e.value) });
          else if (e.value.type === 'list') for (const i of e.value.items) if (i.type === 'object') out.push({ label: e.name, section: Section.ofObject(i) });
        }
      }
    }
    return out;
  }
}

function isObject(v: HclValue): v is Extract<HclValue, { type: 'object' }> {
  return v.type === 'object';
}

function jsonToHcl(n: JsonNode): HclValue {
  const pos = { line: n.line, column: n.column };
  switch (n.type) {
    case 'object':
      return { type: 'object', entries: n.entries.map((e) => ({ name: e.key, value: jsonToHcl(e.value), line: e.keyLine, column: e.keyColumn })), endLine: n.endLine, ...pos };
    case 'array':
      return { type: 'list', items: n.items.map(jsonToHcl), endLine: n.endLine, ...pos };
    case 'string':
      return { type: 'string', value: n.value, template: /(?<![$%])[$%]\{/.test(n.value), heredoc: false, contentLine: n.line, ...pos };
    case 'number':
      return { type: 'number', value: n.value, raw: n.raw, ...pos };
    case 'bool':
      return { type: 'bool', value: n.value, ...pos };
    default:
      return { type: 'null', ...pos };
  }
}

function readJob(model: NomadModel, job: string, s: Section, names: Names): void {
  for (const g of s.labeled('group')) for (const t of g.section.labeled('task')) model.tasks.push(readTask(job, g.label, t.label, t.section, names));
  // Tasks directly under a job (old job files) form a group of their own name.
  for (const t of s.labeled('task')) model.tasks.push(readTask(job, t.label, t.label, t.section, names));
}

function readApiJob(model: NomadModel, job: Section): void {
  const jobName = text(job.attr('ID')?.value) ?? text(job.attr('Name')?.value) ?? '';
  for (const g of job.sections('TaskGroups')) {
    const group = text(g.attr('Name')?.value) ?? '';
    for (const t of g.sections('Tasks')) model.tasks.push(readTask(jobName, group, text(t.attr('Name')?.value) ?? '', t, API_NAMES));
  }
}

const origin = (p: { line: number; column: number }): Origin => ({ line: p.line, column: p.column });

/** A value's text: strings (unresolved when they interpolate), numbers and booleans; undefined for collections and null. */
function text(v: HclValue | undefined): string | undefined {
  return scalar(v)?.text;
}

function scalar(v: HclValue | undefined): { text: string; unresolved: boolean } | undefined {
  if (!v) return undefined;
  if (v.type === 'string') return { text: v.value, unresolved: v.template };
  if (v.type === 'number') return { text: v.raw, unresolved: false };
  if (v.type === 'bool') return { text: String(v.value), unresolved: false };
  if (v.type === 'expr') return { text: v.text, unresolved: true };
  return undefined;
}

function strAt(a: HclAttribute | undefined): At<string> | undefined {
  const s = scalar(a?.value);
  return s === undefined ? undefined : at(s.unresolved ? null : s.text, origin(a!.value));
}

function boolAt(a: HclAttribute | undefined): At<boolean> | undefined {
  if (!a) return undefined;
  const v = a.value;
  const b = v.type === 'bool' ? v.value : v.type === 'string' && !v.template && /^(true|false)$/i.test(v.value) ? v.value.toLowerCase() === 'true' : null;
  return at(b, origin(v));
}

/** Items of a list attribute; one unknown item when the list is computed. */
function listAt(a: HclAttribute | undefined): At<string>[] {
  if (!a) return [];
  if (a.value.type !== 'list') return [at<string>(null, origin(a.value))];
  return a.value.items.map((i) => {
    const s = scalar(i);
    return at(s === undefined || s.unresolved ? null : s.text, origin(i));
  });
}

function readTask(job: string, group: string, name: string, s: Section, names: Names): NomadTask {
  const driver = strAt(s.attr(names.driver));
  const d = driver?.value?.toLowerCase();
  const container = d === 'docker' || d === 'podman';
  const spec = emptySpec('nomad', `${group}/${name}`, `task "${name}" (group "${group}")`, { line: s.line });
  spec.user = strAt(s.attr(names.user));
  // Nomad always applies a memory limit (resources.memory, 300 MB by default): never unlimited.
  spec.memoryLimit = at('nomad-default', { line: s.line });
  const task: NomadTask = { job, group, name, line: s.line, endLine: s.endLine, driver, container, spec, auth: [], templates: [] };
  for (const env of s.sections(names.env)) spec.env.push(...readEnv(env));
  for (const t of s.sections(names.template)) {
    const tpl = readTemplate(t, names);
    if (tpl) task.templates.push(tpl);
  }
  const config = s.sections(names.config)[0];
  if (config && container) readContainerConfig(config, spec, task);
  return task;
}

function readEnv(s: Section): EnvVar[] {
  return s.attributes.map((a) => {
    const v = scalar(a.value);
    return { name: a.name, value: v?.text, reference: v?.unresolved ?? false, origin: origin(a) };
  });
}

function readTemplate(s: Section, names: Names): NomadTemplate | undefined {
  const a = s.attr(names.data);
  if (!a || a.value.type !== 'string') return undefined;
  return { data: a.value.value, firstLine: a.value.contentLine, multiline: a.value.heredoc, destination: text(s.attr(names.destination)?.value), origin: origin(a) };
}

function readContainerConfig(c: Section, spec: ContainerSpec, task: NomadTask): void {
  const image = c.attr('image');
  const img = scalar(image?.value);
  if (img) spec.image = at({ text: img.text, raw: img.text, unresolved: img.unresolved }, origin(image!.value));
  spec.privileged = boolAt(c.attr('privileged'));
  spec.capAdd = listAt(c.attr('cap_add'));
  spec.capDrop = listAt(c.attr('cap_drop'));
  spec.securityOpt = listAt(c.attr('security_opt'));
  spec.networkMode = strAt(c.attr('network_mode'));
  spec.pidMode = strAt(c.attr('pid_mode'));
  spec.ipcMode = strAt(c.attr('ipc_mode'));
  spec.readOnlyRootfs = boolAt(c.attr('readonly_rootfs'));
  for (const v of listAt(c.attr('volumes'))) spec.mounts.push(volumeMount(v));
  for (const m of [...c.sections('mount'), ...c.sections('mounts')]) spec.mounts.push(blockMount(m));
  for (const a of c.sections('auth')) task.auth.push(readAuth(a));
}

/** `host:container[:mode]`; relative host paths are inside the allocation directory. */
function volumeMount(v: At<string>): Mount {
  const o = { line: v.line, column: v.column };
  if (v.value === null) return { source: '', target: '', type: 'bind', readOnly: false, origin: o, unresolved: true };
  const [source = '', target = '', mode = ''] = v.value.split(':');
  return { source, target, type: 'bind', readOnly: mode.split(',').includes('ro'), origin: o, unresolved: false };
}

function blockMount(s: Section): Mount {
  const type = (text(s.attr('type')?.value) ?? 'volume').toLowerCase();
  const src = scalar(s.attr('source')?.value);
  const ro = s.attr('readonly')?.value;
  return {
    source: src?.text ?? '',
    target: text(s.attr('target')?.value) ?? '',
    type: type === 'bind' || type === 'volume' || type === 'tmpfs' ? type : 'other',
    readOnly: ro?.type === 'bool' ? ro.value : false,
    origin: { line: s.line },
    unresolved: src?.unresolved ?? true,
  };
}

function readAuth(s: Section): NomadAuth {
  return { username: strAtRaw(s.attr('username')), password: strAtRaw(s.attr('password')), origin: { line: s.line } };
}

/** Like strAt, but keeps interpolated strings as text (the auth rule needs to see `${...}` to accept it). */
function strAtRaw(a: HclAttribute | undefined): At<string> | undefined {
  const s = scalar(a?.value);
  return s === undefined ? undefined : at(s.unresolved && a!.value.type === 'expr' ? null : s.text, origin(a!.value));
}
