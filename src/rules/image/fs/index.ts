import type { Analyzer } from '../../../analyze/analyzer.js';
import type { ImageRule } from '../rule.js';
import { accountsAnalyzer } from '../../../analyze/image/accounts.js';
import { imageSecretsAnalyzer } from '../../../analyze/image/secrets.js';
import secretInFile from './secret-in-file.js';
import secretInHiddenFile from './secret-in-hidden-file.js';
import sensitiveFile from './sensitive-file.js';
import emptyPassword from './empty-password.js';
import passwordHash from './password-hash.js';
import duplicateIds from './duplicate-ids.js';
import uid0Account from './uid0-account.js';
import setuidFiles from './setuid-files.js';
import worldWritableDir from './world-writable-dir.js';
import unknownOwner from './unknown-owner.js';

/** Checks on the image filesystem (secrets in any layer, sensitive files, accounts, permissions). */
export const imageFsRules: ImageRule[] = [
  secretInFile,
  secretInHiddenFile,
  sensitiveFile,
  emptyPassword,
  passwordHash,
  duplicateIds,
  uid0Account,
  setuidFiles,
  worldWritableDir,
  unknownOwner,
];

/** Analyzers these rules need the layer walk to run (secret scanning of files, /etc/passwd...). */
export const imageFsAnalyzers: Analyzer[] = [imageSecretsAnalyzer, accountsAnalyzer];
