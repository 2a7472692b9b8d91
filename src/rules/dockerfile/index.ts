import type { DockerfileRule } from '../rule.js';
import rootUser from './root-user.js';
import addInsteadOfCopy from './add-instead-of-copy.js';
import addRemoteSource from './add-remote-source.js';
import secretInEnvArg from './secret-in-env-arg.js';
import baseImageLatest from './base-image-latest.js';
import baseImageNotPinned from './base-image-not-pinned.js';
import baseImageEol from './base-image-eol.js';
import heavyweightBase from './heavyweight-base.js';
import exposedPorts from './exposed-ports.js';
import buildToolsInFinalImage from './build-tools-in-final-image.js';
import healthcheckToolMissing from './healthcheck-tool-missing.js';
import pipeToShell from './pipe-to-shell.js';
import sudo from './sudo.js';
import aptGetNoYes from './apt-get-no-yes.js';
import aptGetInstallRecommends from './apt-get-install-recommends.js';
import aptListsNotCleaned from './apt-lists-not-cleaned.js';
import apkNoCache from './apk-no-cache.js';
import pipNoCacheDir from './pip-no-cache-dir.js';
import unpinnedPackages from './unpinned-packages.js';
import cdInsteadOfWorkdir from './cd-instead-of-workdir.js';
import relativeWorkdir from './relative-workdir.js';
import missingPipefail from './missing-pipefail.js';
import shellFormCmd from './shell-form-cmd.js';
import multipleCmdEntrypointHealthcheck from './multiple-cmd-entrypoint-healthcheck.js';
import copyFromInvalid from './copy-from-invalid.js';
import duplicateStageName from './duplicate-stage-name.js';
import chmod777 from './chmod-777.js';
import insecureRun from './insecure-run.js';
import dockerfileSyntax from './dockerfile-syntax.js';
import missingHealthcheck from './missing-healthcheck.js';
import maintainerDeprecated from './maintainer-deprecated.js';
import aptGetUpgrade from './apt-get-upgrade.js';
import yumDnfNoClean from './yum-dnf-no-clean.js';
import zypperNoClean from './zypper-no-clean.js';

/**
 * Every Dockerfile rule, in id order. Adding a rule = one new file in this folder + one line here.
 * (An explicit list rather than side-effect imports, so a forgotten import cannot drop a rule.)
 */
export const dockerfileRules: DockerfileRule[] = [
  rootUser, // LS-DF-001
  addInsteadOfCopy, // LS-DF-002
  addRemoteSource, // LS-DF-003
  secretInEnvArg, // LS-DF-004
  baseImageLatest, // LS-DF-005
  baseImageNotPinned, // LS-DF-006
  baseImageEol, // LS-DF-007
  heavyweightBase, // LS-DF-008
  exposedPorts, // LS-DF-009
  buildToolsInFinalImage, // LS-DF-010
  healthcheckToolMissing, // LS-DF-011
  pipeToShell, // LS-DF-012
  sudo, // LS-DF-013
  aptGetNoYes, // LS-DF-014
  aptGetInstallRecommends, // LS-DF-015
  aptListsNotCleaned, // LS-DF-016
  apkNoCache, // LS-DF-017
  pipNoCacheDir, // LS-DF-018
  unpinnedPackages, // LS-DF-019
  cdInsteadOfWorkdir, // LS-DF-020
  relativeWorkdir, // LS-DF-021
  missingPipefail, // LS-DF-022
  shellFormCmd, // LS-DF-023
  multipleCmdEntrypointHealthcheck, // LS-DF-024
  copyFromInvalid, // LS-DF-025
  duplicateStageName, // LS-DF-026
  chmod777, // LS-DF-027
  insecureRun, // LS-DF-028
  dockerfileSyntax, // LS-DF-029
  missingHealthcheck, // LS-DF-030
  maintainerDeprecated, // LS-DF-031
  aptGetUpgrade, // LS-DF-032
  yumDnfNoClean, // LS-DF-033
  zypperNoClean, // LS-DF-034
];
