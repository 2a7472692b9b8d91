import { posix } from 'node:path';
import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { YamlFile, contentStartLine, type Problem } from '../shared/yaml.js';

/**
 * Where `docker run` lines live and how to get their shell text out with line numbers intact.
 * Each source becomes "chunks" of shell script whose line i is file line `firstLine + i`
 * (or, for one-line YAML scalars, all on `firstLine`).
 *
 * Searched: shell scripts (`*.sh`, `*.bash`, files with a sh/bash/dash/zsh/ksh shebang), Makefiles
 * (`Makefile`, `GNUmakefile`, `*.mk`: recipe lines), GitLab CI (`.gitlab-ci.yml`, `.gitlab/ci/*.yml`,
 * `*.gitlab-ci.yml`: `script`, `before_script`, `after_script`), GitHub Actions (workflows and
 * `action.yml`: `run` steps not using pwsh/python/cmd shells), CircleCI (`run`, `run.command`),
 * Bitbucket Pipelines and Azure Pipelines (`script`, `bash`), and Jenkinsfiles (`sh` steps with
 * string literals; best effort).
 */

export type SourceKind = 'shell' | 'make' | 'ci-yaml' | 'jenkinsfile';

export interface ScriptChunk {
  text: string;
  firstLine: number;
  /** All of the chunk is reported on `firstLine` (a folded or quoted YAML scalar). */
  singleLine: boolean;
  /** Last file line of the chunk, for suppression scopes. */
  lastLine: number;
}

const SHELL_EXT = /\.(?:sh|bash|ksh|zsh)$/i;
const SHEBANG = /^#!\s*(?:\/usr\/bin\/env\s+(?:-S\s+)?)?(?:\/\S*\/)?(?:ba|da|k|z|a)?sh\b/;
const MAKEFILE = /^(?:GNUmakefile|makefile|Makefile)$|\.mk$/;
const GITLAB = /(?:^|\/)(?:\.gitlab-ci\.ya?ml|[^/]+\.gitlab-ci\.ya?ml|\.gitlab\/ci\/[^/]+\.ya?ml)$/i;
const GITHUB = /(?:^|\/)(?:\.github\/workflows\/[^/]+\.ya?ml|action\.ya?ml)$/i;
const OTHER_CI = /(?:^|\/)(?:\.circleci\/config\.ya?ml|bitbucket-pipelines\.ya?ml|azure-pipelines\.ya?ml)$/i;
const JENKINSFILE = /(?:^|\/)(?:Jenkinsfile(?:\.[\w-]+)?|[^/]+\.jenkinsfile)$/i;

export function sourceKind(path: string, head: string): SourceKind | undefined {
  const base = posix.basename(path);
  if (SHELL_EXT.test(base) || SHEBANG.test(head)) return 'shell';
  if (MAKEFILE.test(base)) return 'make';
  if (GITLAB.test(path) || GITHUB.test(path) || OTHER_CI.test(path)) return 'ci-yaml';
  if (JENKINSFILE.test(path)) return 'jenkinsfile';
  return undefined;
}

/** True when the text can contain a container run command at all (a cheap filter before parsing). */
export function mentionsRuntime(text: string): boolean {
  return /\b(?:docker|podman)\b/.test(text);
}

export function chunksOf(kind: SourceKind, path: string, text: string, problems: Problem[]): ScriptChunk[] {
  switch (kind) {
    case 'shell':
      return [{ text, firstLine: 1, singleLine: false, lastLine: text.split('\n').length }];
    case 'make':
      return makeRecipes(text);
    case 'ci-yaml':
      return ciScripts(path, text, problems);
    case 'jenkinsfile':
      return jenkinsSteps(text);
  }
}

/**
 * Recipe lines (tab-indented) become the script, every other line an empty one, so line numbers
 * stay. Make's own syntax is undone where the shell would see it differently: the `@`, `-`, `+`
 * prefixes go and `$$` becomes `$`. Make variables (`$(IMAGE)`) stay unknown values to the shell.
 */
function makeRecipes(text: string): ScriptChunk[] {
  const lines = text.split('\n');
  const out: string[] = [];
  let continued = false;
  let inDefine = false;
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    if (/^\s*define\b/.test(line)) inDefine = true;
    if (inDefine) {
      if (/^\s*endef\b/.test(line)) inDefine = false;
      out.push('');
      continue;
    }
    if (line.startsWith('\t') || continued) {
      let body = line.replace(/^\t/, '');
      if (!continued) body = body.replace(/^[@+-]+/, '');
      out.push(body.replace(/\$\$/g, '$'));
      continued = /\\$/.test(line);
    } else {
      out.push('');
      continued = false;
    }
  }
  return [{ text: out.join('\n'), firstLine: 1, singleLine: false, lastLine: lines.length }];
}

const SCRIPT_KEYS = new Set(['script', 'before_script', 'after_script', 'run', 'bash']);
const NON_POSIX_SHELL = /^(?:pwsh|powershell|python|cmd)\b/i;
/** Nodes visited at most per CI file (a guard against hostile documents). */
const NODE_BUDGET = 200_000;

function ciScripts(path: string, text: string, problems: Problem[]): ScriptChunk[] {
  const file = new YamlFile(text);
  problems.push(...file.problems);
  if (file.problems.length > 0) return [];
  const chunks: ScriptChunk[] = [];
  let budget = NODE_BUDGET;
  const seen = new Set<Node>();
  const takeScalars = (node: Node | undefined, depth: number): void => {
    if (!node || depth > 8) return;
    if (isScalar(node) && typeof node.value === 'string') {
      const c = scalarChunk(file, node as Scalar<string>);
      if (c) chunks.push(c);
      return;
    }
    // GitLab `script:` lists may nest lists (from anchors or !reference).
    for (const item of file.seq(node)) takeScalars(item, depth + 1);
  };
  const visit = (node: Node | undefined, depth: number): void => {
    if (!node || depth > 64 || budget-- <= 0 || seen.has(node)) return;
    seen.add(node);
    if (isMap(node)) {
      const shell = file.str(file.get(node, 'shell')?.value);
      for (const e of file.entries(node)) {
        if (SCRIPT_KEYS.has(e.key) && !(shell && NON_POSIX_SHELL.test(shell))) {
          // CircleCI: `run: {command: ...}`.
          if (e.key === 'run' && isMap(e.value)) takeScalars(file.get(e.value, 'command')?.value, 0);
          else takeScalars(e.value, 0);
        } else visit(e.value, depth + 1);
      }
    } else if (isSeq(node)) {
      for (const item of file.seq(node)) visit(item, depth + 1);
    }
  };
  visit(file.resolve(file.doc.contents), 0);
  if (budget <= 0 || file.exhausted) problems.push({ line: 1, message: `${path} is too large or uses too many YAML aliases to be searched completely` });
  return chunks;
}

/** A YAML string as shell text with its lines placed where they are in the file. */
function scalarChunk(file: YamlFile, node: Scalar<string>): ScriptChunk | undefined {
  const value = replaceExpressions(node.value);
  const first = contentStartLine(file, node);
  const end = node.range ? file.lc.linePos(Math.max(node.range[0], node.range[1] - 1)).line : first;
  if (node.type === 'BLOCK_LITERAL') return { text: value, firstLine: first, singleLine: false, lastLine: end };
  if (node.type === 'BLOCK_FOLDED' && node.range) {
    // Folding joins lines with spaces; the same text written as continuation lines keeps each on its line.
    const rawLines = file.text.slice(node.range[0], node.range[1]).split('\n').slice(1).map((l) => l.replace(/\r$/, ''));
    const indent = Math.min(...rawLines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length), 1e9);
    const lines = rawLines.map((l) => replaceExpressions(l.slice(Math.min(indent, /^ */.exec(l)![0].length))));
    const folded = lines.map((l, i) => (l.trim() !== '' && (lines[i + 1] ?? '').trim() !== '' && !/^\s/.test(lines[i + 1]!) && !/^\s/.test(l) ? `${l} \\` : l));
    return { text: folded.join('\n'), firstLine: first, singleLine: false, lastLine: end };
  }
  return { text: value.replace(/\n/g, ' '), firstLine: first, singleLine: true, lastLine: end };
}

/**
 * GitHub/GitLab expressions (`${{ secrets.TOKEN }}`) are substituted before the shell runs: to the
 * shell they are a value from elsewhere, so they become a variable reference (newlines kept).
 */
function replaceExpressions(s: string): string {
  return s.replace(/\$\{\{[\s\S]*?\}\}/g, (m) => '$CI_EXPRESSION' + '\n'.repeat((m.match(/\n/g) ?? []).length));
}

/**
 * `sh '...'`, `sh "..."`, `sh '''...'''`, `sh """..."""`, `sh(script: '...')`, `sh label: 'x', script: '...'`.
 * Groovy interpolation in double-quoted strings (`${env.TAG}`, `$VERSION`) is a value from
 * elsewhere to the shell; `\$` is a literal `$`.
 */
function jenkinsSteps(text: string): ScriptChunk[] {
  const chunks: ScriptChunk[] = [];
  const step = /\bsh\s*\(?\s*(?:(?:label|encoding|returnStatus|returnStdout)\s*:\s*(?:'[^'\n]*'|"[^"\n]*"|\w+)\s*,\s*)*(?:script\s*:\s*)?('''|"""|'|")/g;
  for (const m of text.matchAll(step)) {
    const quote = m[1]!;
    const start = m.index! + m[0].length;
    const close = findClose(text, start, quote);
    if (close < 0) continue;
    let body = text.slice(start, close);
    if (quote.startsWith('"')) body = body.replace(/\\\$/g, '\u0000').replace(/\$\{[^}\n]*\}/g, '$GROOVY_EXPRESSION').replace(/\u0000/g, '$');
    body = body.replace(/\\(["'\\])/g, '$1');
    const firstLine = text.slice(0, start).split('\n').length;
    chunks.push({ text: body, firstLine, singleLine: false, lastLine: firstLine + (body.match(/\n/g) ?? []).length });
  }
  return chunks;
}

function findClose(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (quote.length === 1 && text[i] === '\n') return -1;
    if (text.startsWith(quote, i)) return i;
  }
  return -1;
}
