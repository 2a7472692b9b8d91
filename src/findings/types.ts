import type { Severity } from './severity.js';

export type FindingKind = 'misconfiguration' | 'secret' | 'vulnerability';

/**
 * Where a finding is. Build-phase findings use path/line; image findings later add layer,
 * deploy findings add a document index, vulnerability findings add a package.
 */
export interface Location {
  /** Path relative to the scan root, with forward slashes. */
  path: string;
  /** 1-based first line, when the finding is tied to a line. */
  line?: number;
  /** 1-based last line (inclusive). */
  endLine?: number;
  /** 1-based column of the first character, when known. */
  column?: number;
  endColumn?: number;
  /** Image layer (diffID and 0-based index), for image findings. */
  layer?: { diffID: string; index: number };
  /** Package, for vulnerability and package findings. */
  package?: { name: string; version?: string; purl?: string };
}

export interface Finding {
  ruleId: string;
  kind: FindingKind;
  severity: Severity;
  title: string;
  /** What is wrong here, specifically. Secret values never appear in it unredacted. */
  message: string;
  /** Identifiers users know from other tools, e.g. `hadolint:DL3002`, `trivy:DS002`. */
  aliases: string[];
  location: Location;
  remediation: string;
  /** Extra machine-readable facts (e.g. the redacted secret match, the stage name). */
  details?: Record<string, unknown>;
  /** Set when a suppression matched; suppressed findings are kept in JSON and never fail a policy. */
  suppressed?: { by: 'inline' | 'ignorefile' | 'vex' | 'config'; reason?: string; source?: string };
}

export type TargetKind = 'dockerfile' | 'context' | 'image' | 'sbom' | 'kubernetes' | 'compose' | 'nomad' | 'daemon' | 'shell';

export interface Target {
  kind: TargetKind;
  /** Display name: the relative path of the Dockerfile, the image reference, ... */
  name: string;
  findings: Finding[];
  /** Per-target facts for reports (e.g. context file count, final stage). */
  metadata?: Record<string, unknown>;
  /** Packages found in an image or SBOM target (the same set the SBOM lists). */
  packages?: PackageSummary[];
}

/** A package as the JSON report lists it (public contract, see docs/json-output.md). */
export interface PackageSummary {
  name: string;
  version: string;
  purl: string;
  /** purl type: deb, apk, rpm, npm, pypi, golang, maven, gem, composer, cargo, nuget. */
  type: string;
  source?: { name: string; version?: string };
  licenses?: string[];
  locations: Array<{ path: string; layer?: { diffID: string; index: number } }>;
}

export interface ScanReport {
  /** JSON output contract version, see docs/json-output.md. */
  schemaVersion: string;
  tool: { name: string; version: string };
  /** ISO 8601 time the scan started. */
  createdAt: string;
  targets: Target[];
  /** Problems that did not stop the scan (unreadable files, skipped symlinks...). */
  warnings?: string[];
}

export const JSON_SCHEMA_VERSION = '1.1.0';
