/** The registry client's public surface; import from here rather than from the parts. */
export { RegistryClient, parseLinkNext, type FetchedManifest, type PingResult, type RegistryClientOptions, type RepositoryRef, type ResolvedImage, type TagList } from './client.js';
export { RegistryError, type RegistryErrorKind } from './errors.js';
export { parseCredentialSpec, resolveCredentials, defaultDockerConfigPath, type CredentialSources, type CredentialSpec, type Credentials } from './auth.js';
export { parseReference, formatReference, manifestReference, repositoryName, withTag, DOCKER_HUB, type RegistryReference } from './reference.js';
export { MEDIA_TYPES, MANIFEST_ACCEPT, parsePlatform, formatPlatform, type Descriptor, type ImageIndex, type ImageManifest, type Manifest } from './manifest.js';
export { DEFAULT_TIMEOUT_MS } from './http.js';
