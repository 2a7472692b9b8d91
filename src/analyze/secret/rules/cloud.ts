import type { SecretRule } from '../types.js';

/** AWS, Google Cloud and Azure credentials. */

const AWS_ROTATE =
  'Deactivate and delete the access key in IAM, create a new one, and pass credentials at run time (an IAM role, instance/task profile or a mounted secret) instead of baking them into the image.';

/** `"type": "service_account"` anywhere in the same text makes a JSON `private_key` a GCP key file. */
const SERVICE_ACCOUNT_TYPE = /"type"\s*:\s*"service_account"/;

export const CLOUD_RULES: readonly SecretRule[] = [
  {
    id: 'LS-SEC-001',
    name: 'aws-access-key-id',
    title: 'AWS access key ID',
    severity: 'CRITICAL',
    // Long-term (AKIA) and temporary STS (ASIA) key ids: 4-letter prefix + 16 base32 characters.
    keywords: ['akia', 'asia'],
    pattern: /(?<secret>A[KS]IA[A-Z2-7]{16})(?![A-Za-z0-9])/,
    // Rejects `AKIAXXXXXXXXXXXXXXXX`-style stand-ins; real ids have far more varied characters.
    minEntropy: 2.5,
    publicPrefix: /^A[KS]IA/,
    priority: 3,
    aliases: ['trivy:aws-access-key-id', 'gitleaks:aws-access-token'],
    remediation: AWS_ROTATE,
  },
  {
    id: 'LS-SEC-002',
    name: 'aws-secret-access-key',
    title: 'AWS secret access key',
    severity: 'CRITICAL',
    // 40 base64 characters are everywhere (hashes, ids); only report them behind an AWS-ish key name.
    keywords: ['aws', 'accesskey', 'access_key'],
    pattern:
      /(?:aws[A-Za-z0-9_.-]{0,24}(?:secret|sak)|secret_?access_?key)[A-Za-z0-9_.-]{0,24}["']?\s{0,4}(?:=>|:=|[:=])\s{0,4}["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/i,
    minEntropy: 3.5,
    priority: 3,
    aliases: ['trivy:aws-secret-access-key'],
    remediation: AWS_ROTATE,
  },
  {
    id: 'LS-SEC-003',
    name: 'gcp-service-account-key',
    title: 'Google Cloud service account key file',
    severity: 'CRITICAL',
    keywords: ['service_account'],
    // The key body inside `"private_key": "-----BEGIN PRIVATE KEY-----\n...`; JSON escapes newlines.
    pattern:
      /"private_key"\s*:\s*"(?<begin>-----BEGIN (?:RSA )?PRIVATE KEY-----)(?:\\n|\\r|\s)*(?<secret>[A-Za-z0-9+/=](?:[A-Za-z0-9+/=\s]|\\n|\\r){63,}?)(?:\\n|\\r|\s)*-----END/,
    validate: (_secret, ctx) => SERVICE_ACCOUNT_TYPE.test(ctx.text),
    display: 'pem',
    priority: 3,
    aliases: ['trivy:gcp-service-account'],
    remediation:
      'Delete the key in IAM > Service accounts > Keys, and use workload identity, the metadata server or a secret mounted at run time instead of a key file in the image.',
  },
  {
    id: 'LS-SEC-004',
    name: 'gcp-api-key',
    title: 'Google API key',
    severity: 'HIGH',
    keywords: ['aiza'],
    // `AIza` + 35 URL-safe base64 characters.
    pattern: /(?<secret>AIza[A-Za-z0-9_-]{35})(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    publicPrefix: /^AIza/,
    priority: 3,
    aliases: ['gitleaks:gcp-api-key'],
    remediation:
      'Delete or regenerate the key in APIs & Services > Credentials, restrict the new key to the APIs and referrers that need it, and inject it at run time.',
  },
  {
    id: 'LS-SEC-005',
    name: 'azure-storage-account-key',
    title: 'Azure storage account key',
    severity: 'CRITICAL',
    keywords: ['accountkey'],
    // A storage key is 64 random bytes: 86 base64 characters and `==`.
    pattern: /AccountKey\s*=\s*(?<secret>[A-Za-z0-9+/]{86}==)/i,
    minEntropy: 4,
    priority: 3,
    aliases: [],
    remediation:
      'Rotate the key in the storage account (Access keys > Rotate), then use a managed identity or a SAS with a short expiry delivered at run time.',
  },
  {
    id: 'LS-SEC-006',
    name: 'azure-ad-client-secret',
    title: 'Microsoft Entra ID (Azure AD) client secret',
    severity: 'HIGH',
    keywords: ['q~'],
    // Current-format client secrets: 3 characters, a digit, `Q~`, then 31-34 more (37-40 in total).
    pattern: /(?<secret>[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/,
    minEntropy: 3.5,
    priority: 3,
    aliases: ['gitleaks:azure-ad-client-secret'],
    remediation:
      'Delete the secret under App registrations > Certificates & secrets, create a new one, and prefer a managed identity or federated credential over a client secret.',
  },
  {
    id: 'LS-SEC-030',
    name: 'azure-shared-access-key',
    title: 'Azure Service Bus / Event Hubs shared access key',
    severity: 'HIGH',
    keywords: ['sharedaccesskey='],
    // 32 random bytes: 43 base64 characters and `=`.
    pattern: /SharedAccessKey\s*=\s*(?<secret>[A-Za-z0-9+/]{43}=)/i,
    minEntropy: 4,
    priority: 3,
    aliases: [],
    remediation:
      'Regenerate the key of the shared access policy in the namespace, and use a managed identity or a run-time secret instead of a connection string in the image.',
  },
];
