import { hasValidPrefixedTokenChecksum } from '../checksum.js';
import type { SecretRule } from '../types.js';

/** GitHub and GitLab tokens. */

const GITHUB_REVOKE =
  'Revoke the token (Settings > Developer settings, or the app/OAuth app settings), create a new one with the least scopes needed, and provide it at build time as a BuildKit secret (`RUN --mount=type=secret`) or at run time, never in a file or ENV of the image.';
const GITLAB_REVOKE =
  'Revoke the token in GitLab (user/project/group settings > Access tokens, or the runner/deploy token page), create a replacement, and supply it as a BuildKit secret or a run-time variable.';

/** Classic GitHub tokens: 4-character prefix, 30 random base62 characters, 6-character checksum. */
const githubChecksum = (secret: string): boolean => hasValidPrefixedTokenChecksum(secret);

export const VCS_RULES: readonly SecretRule[] = [
  {
    id: 'LS-SEC-007',
    name: 'github-pat',
    title: 'GitHub personal access token (classic)',
    severity: 'CRITICAL',
    keywords: ['ghp_'],
    pattern: /(?<secret>ghp_[A-Za-z0-9]{36})(?![A-Za-z0-9])/,
    validate: githubChecksum,
    publicPrefix: /^gh[a-z]_/,
    priority: 3,
    aliases: ['trivy:github-pat', 'gitleaks:github-pat'],
    remediation: GITHUB_REVOKE,
  },
  {
    id: 'LS-SEC-008',
    name: 'github-oauth-token',
    title: 'GitHub OAuth access token',
    severity: 'CRITICAL',
    keywords: ['gho_'],
    pattern: /(?<secret>gho_[A-Za-z0-9]{36})(?![A-Za-z0-9])/,
    validate: githubChecksum,
    publicPrefix: /^gh[a-z]_/,
    priority: 3,
    aliases: ['trivy:github-oauth', 'gitleaks:github-oauth'],
    remediation: GITHUB_REVOKE,
  },
  {
    id: 'LS-SEC-009',
    name: 'github-app-token',
    title: 'GitHub App user-to-server or installation token',
    severity: 'CRITICAL',
    keywords: ['ghu_', 'ghs_'],
    pattern: /(?<secret>gh[us]_[A-Za-z0-9]{36})(?![A-Za-z0-9])/,
    validate: githubChecksum,
    publicPrefix: /^gh[a-z]_/,
    priority: 3,
    aliases: ['trivy:github-app-token', 'gitleaks:github-app-token'],
    remediation: GITHUB_REVOKE,
  },
  {
    id: 'LS-SEC-010',
    name: 'github-refresh-token',
    title: 'GitHub refresh token',
    severity: 'CRITICAL',
    keywords: ['ghr_'],
    // 76 characters after the prefix. Its checksum layout is not documented, so only entropy is checked.
    pattern: /(?<secret>ghr_[A-Za-z0-9]{76})(?![A-Za-z0-9])/,
    minEntropy: 4,
    publicPrefix: /^gh[a-z]_/,
    priority: 3,
    aliases: ['trivy:github-refresh-token', 'gitleaks:github-refresh-token'],
    remediation: GITHUB_REVOKE,
  },
  {
    id: 'LS-SEC-011',
    name: 'github-fine-grained-pat',
    title: 'GitHub fine-grained personal access token',
    severity: 'CRITICAL',
    keywords: ['github_pat_'],
    // `github_pat_` + 22 base62 characters, `_`, 59 base62 characters.
    pattern: /(?<secret>github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9])/,
    minEntropy: 4,
    publicPrefix: /^github_pat_/,
    priority: 3,
    aliases: ['trivy:github-fine-grained-pat', 'gitleaks:github-fine-grained-pat'],
    remediation: GITHUB_REVOKE,
  },
  {
    id: 'LS-SEC-012',
    name: 'gitlab-pat',
    title: 'GitLab personal, project or group access token',
    severity: 'CRITICAL',
    keywords: ['glpat-'],
    // Legacy: 20 characters after the prefix; routable tokens are longer and end `.<2>.<7-9>`.
    pattern: /(?<secret>glpat-[A-Za-z0-9_-]{20,300}(?:\.[0-9a-z]{2}\.?[0-9a-z]{7,9})?)(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    publicPrefix: /^glpat-/,
    priority: 3,
    aliases: ['trivy:gitlab-pat', 'gitleaks:gitlab-pat'],
    remediation: GITLAB_REVOKE,
  },
  {
    id: 'LS-SEC-013',
    name: 'gitlab-runner-token',
    title: 'GitLab runner authentication or registration token',
    severity: 'HIGH',
    keywords: ['glrt-', 'gr1348941'],
    // `glrt-` runner authentication tokens; `GR1348941` is the prefix of legacy registration tokens.
    pattern: /(?<secret>(?:glrt-|GR1348941)[A-Za-z0-9_-]{20,300}(?:\.[0-9a-z]{2}\.?[0-9a-z]{7,9})?)(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    publicPrefix: /^(?:glrt-|GR1348941)/,
    priority: 3,
    aliases: ['gitleaks:gitlab-runner-authentication-token', 'gitleaks:gitlab-rrt'],
    remediation: GITLAB_REVOKE,
  },
  {
    id: 'LS-SEC-014',
    name: 'gitlab-token',
    title: 'GitLab deploy, trigger, feed, CI job, agent or OAuth application token',
    severity: 'HIGH',
    keywords: ['gldt-', 'glptt-', 'glft-', 'glcbt-', 'glimt-', 'glagent-', 'gloas-', 'glsoat-'],
    pattern:
      /(?<secret>(?:gldt|glptt|glft|glcbt|glimt|glagent|gloas|glsoat)-[A-Za-z0-9_-]{20,300})(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    publicPrefix: /^[a-z]+-/,
    priority: 3,
    aliases: ['gitleaks:gitlab-deploy-token', 'gitleaks:gitlab-ptt', 'gitleaks:gitlab-feed-token'],
    remediation: GITLAB_REVOKE,
  },
];
