/**
 * Positive and near-miss samples for every secret rule, generated from a seeded RNG at run time so
 * no real-looking credential is stored in the repository. Shared by the rule, engine and
 * prefilter-equivalence tests.
 */
import {
  ALPHABET,
  fakeAwsAccessKeyId,
  fakeAwsSecretAccessKey,
  fakeChecksummedToken,
  fakeJwt,
  fakePassword,
  fakePemPrivateKey,
  fakeSlackBotToken,
  fakeStripeKey,
  randomString,
  type Rng,
} from '../../../src/analyze/secret/fake-tokens.js';

export interface PositiveSample {
  /** Text containing the secret. */
  text: string;
  /** Strings that must never appear in any field of the resulting match (the secret, key lines). */
  secrets: string[];
}

export interface RuleSamples {
  positives: Array<(rng: Rng) => PositiveSample>;
  /** Texts the rule must not report (placeholders, wrong length, bad checksum, examples...). */
  negatives: Array<(rng: Rng) => string>;
}

const b62 = (rng: Rng, n: number): string => randomString(rng, ALPHABET.base62, n);
const b64 = (rng: Rng, n: number): string => randomString(rng, ALPHABET.base64, n);
const b64url = (rng: Rng, n: number): string => randomString(rng, ALPHABET.base64url, n);
const hex = (rng: Rng, n: number): string => randomString(rng, ALPHABET.hex, n);
const digits = (rng: Rng, n: number): string => randomString(rng, ALPHABET.digits, n);

/** One positive: `make` returns the secret, `wrap` puts it in context. */
function pos(make: (rng: Rng) => string, wrap: (secret: string) => string): (rng: Rng) => PositiveSample {
  return (rng) => {
    const secret = make(rng);
    return { text: wrap(secret), secrets: [secret] };
  };
}

/** Replaces the last character by a different base62 character, breaking a checksum. */
function breakLastChar(token: string): string {
  const last = token[token.length - 1];
  return token.slice(0, -1) + (last === 'A' ? 'B' : 'A');
}

function azureClientSecret(rng: Rng): string {
  const alphabet = ALPHABET.base62 + '_~.-';
  return randomString(rng, alphabet, 3) + digits(rng, 1) + 'Q~' + randomString(rng, alphabet, 34);
}

function serviceAccountJson(rng: Rng, body: string, withType = true): string {
  return JSON.stringify(
    {
      ...(withType ? { type: 'service_account' } : {}),
      project_id: 'demo-project',
      private_key_id: hex(rng, 40),
      private_key: `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`,
      client_email: 'builder@demo-project.iam.gserviceaccount.com',
    },
    null,
    2,
  );
}

function pemBody(rng: Rng, lines = 10): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(b64(rng, 64));
  return out.join('\n');
}

/** A PEM sample whose "secrets" are its body lines (none may leak into a match). */
function pemSample(type: string, headers: string[] = []): (rng: Rng) => PositiveSample {
  return (rng) => {
    const lines: string[] = [];
    for (let i = 0; i < 8; i++) lines.push(b64(rng, 64));
    const text = [
      'some preamble',
      `-----BEGIN ${type}-----`,
      ...headers,
      ...(headers.length ? [''] : []),
      ...lines,
      `-----END ${type}-----`,
      '',
    ].join('\n');
    return { text, secrets: lines };
  };
}

function dockerConfigJson(auth: string): string {
  return JSON.stringify({ auths: { 'registry.example.com': { auth } } }, null, 2);
}

export const RULE_SAMPLES: Record<string, RuleSamples> = {
  'aws-access-key-id': {
    positives: [
      pos((r) => fakeAwsAccessKeyId(r), (s) => `AWS_ACCESS_KEY_ID=${s}`),
      pos((r) => fakeAwsAccessKeyId(r, 'ASIA'), (s) => `{"AccessKeyId": "${s}", "Expiration": "2030-01-01"}`),
    ],
    negatives: [
      () => 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE', // documented example, allow-listed
      () => 'AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX', // placeholder: no entropy
      (r) => `AWS_ACCESS_KEY_ID=AKIA${randomString(r, ALPHABET.base32, 15)}`, // too short
      (r) => `id=XAKIA${randomString(r, ALPHABET.base32, 16)}`, // inside a longer word
      () => 'AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID}',
    ],
  },
  'aws-secret-access-key': {
    positives: [
      pos(fakeAwsSecretAccessKey, (s) => `[default]\naws_secret_access_key = ${s}\n`),
      pos(fakeAwsSecretAccessKey, (s) => `ENV AWS_SECRET_ACCESS_KEY="${s}"`),
      pos(fakeAwsSecretAccessKey, (s) => `{"Credentials": {"SecretAccessKey": "${s}"}}`),
    ],
    negatives: [
      (r) => `checksum = ${fakeAwsSecretAccessKey(r)}`, // 40 base64 characters without AWS context
      () => 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', // documented example
      () => 'aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}',
      (r) => `aws_secret_access_key = ${b64(r, 41)}`, // wrong length
    ],
  },
  'gcp-service-account-key': {
    positives: [
      (r) => {
        const body = pemBody(r);
        return { text: serviceAccountJson(r, body), secrets: body.split('\n') };
      },
    ],
    negatives: [
      (r) => serviceAccountJson(r, pemBody(r), false), // a JSON private key, but not a service account file
      () => '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n"}',
    ],
  },
  'gcp-api-key': {
    positives: [pos((r) => 'AIza' + b64url(r, 35), (s) => `const mapsKey = "${s}";`)],
    negatives: [
      (r) => `key = "AIza${b64url(r, 30)}"`, // too short
      () => `key = "AIza${'a'.repeat(35)}"`, // no entropy
    ],
  },
  'azure-storage-account-key': {
    positives: [
      pos(
        (r) => b64(r, 86) + '==',
        (s) => `DefaultEndpointsProtocol=https;AccountName=demo;AccountKey=${s};EndpointSuffix=core.windows.net`,
      ),
    ],
    negatives: [
      () =>
        'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;',
      (r) => `AccountKey=${b64(r, 80)}==;`, // wrong length
      () => 'AccountKey=${STORAGE_KEY};',
    ],
  },
  'azure-ad-client-secret': {
    positives: [pos(azureClientSecret, (s) => `AZURE_CLIENT_SECRET=${s}`)],
    negatives: [
      (r) => `AZURE_CLIENT_SECRET=${b62(r, 40)}`, // no `Q~` marker
      () => `client_secret: aaa8Q~${'a'.repeat(34)}`, // no entropy
    ],
  },
  'azure-shared-access-key': {
    positives: [
      pos(
        (r) => b64(r, 43) + '=',
        (s) => `Endpoint=sb://demo.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${s}`,
      ),
    ],
    negatives: [
      () => 'Endpoint=sb://demo.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=<key>',
      (r) => `SharedAccessKey=${b64(r, 30)}=`,
    ],
  },
  'github-pat': {
    positives: [pos((r) => fakeChecksummedToken(r, 'ghp_'), (s) => `GITHUB_TOKEN=${s}`)],
    negatives: [
      (r) => `GITHUB_TOKEN=${breakLastChar(fakeChecksummedToken(r, 'ghp_'))}`, // bad checksum
      () => `GITHUB_TOKEN=ghp_${'x'.repeat(36)}`,
      (r) => `GITHUB_TOKEN=ghp_${b62(r, 35)}`, // too short
    ],
  },
  'github-oauth-token': {
    positives: [pos((r) => fakeChecksummedToken(r, 'gho_'), (s) => `oauth: "${s}"`)],
    negatives: [(r) => `oauth: "${breakLastChar(fakeChecksummedToken(r, 'gho_'))}"`],
  },
  'github-app-token': {
    positives: [
      pos((r) => fakeChecksummedToken(r, 'ghs_'), (s) => `Authorization: token ${s}`),
      pos((r) => fakeChecksummedToken(r, 'ghu_'), (s) => `export GH_TOKEN=${s}`),
    ],
    negatives: [(r) => `Authorization: token ${breakLastChar(fakeChecksummedToken(r, 'ghs_'))}`],
  },
  'github-refresh-token': {
    positives: [pos((r) => 'ghr_' + b62(r, 76), (s) => `refresh=${s}`)],
    negatives: [() => `refresh=ghr_${'a'.repeat(76)}`, (r) => `refresh=ghr_${b62(r, 70)}`],
  },
  'github-fine-grained-pat': {
    positives: [pos((r) => `github_pat_${b62(r, 22)}_${b62(r, 59)}`, (s) => `token: ${s}`)],
    negatives: [(r) => `token: github_pat_${b62(r, 22)}_${b62(r, 40)}`],
  },
  'gitlab-pat': {
    positives: [
      pos((r) => 'glpat-' + b64url(r, 20), (s) => `GITLAB_TOKEN=${s}`),
      pos((r) => `glpat-${b64url(r, 27)}.01.${randomString(r, ALPHABET.hex, 9)}`, (s) => `PRIVATE-TOKEN: ${s}`),
    ],
    negatives: [() => `GITLAB_TOKEN=glpat-${'x'.repeat(20)}`, (r) => `GITLAB_TOKEN=glpat-${b62(r, 12)}`],
  },
  'gitlab-runner-token': {
    positives: [
      pos((r) => 'glrt-' + b64url(r, 20), (s) => `token = "${s}"`),
      pos((r) => 'GR1348941' + b64url(r, 20), (s) => `--registration-token ${s}`),
    ],
    negatives: [(r) => `token = "glrt-${b62(r, 10)}"`],
  },
  'gitlab-token': {
    positives: [
      pos((r) => 'gldt-' + b64url(r, 20), (s) => `deploy_token: ${s}`),
      pos((r) => 'glptt-' + hex(r, 40), (s) => `curl -F token=${s} https://gitlab.example.com/api/v4/trigger`),
    ],
    negatives: [(r) => `deploy_token: gldt-${b62(r, 8)}`],
  },
  'slack-bot-token': {
    positives: [pos(fakeSlackBotToken, (s) => `SLACK_BOT_TOKEN=${s}`)],
    negatives: [() => 'SLACK_BOT_TOKEN=xoxb-your-token-here', (r) => `SLACK_BOT_TOKEN=xoxb-${digits(r, 12)}-${b62(r, 24)}`],
  },
  'slack-user-token': {
    positives: [
      pos((r) => `xoxp-${digits(r, 12)}-${digits(r, 12)}-${digits(r, 12)}-${hex(r, 32)}`, (s) => `token: '${s}'`),
    ],
    negatives: [(r) => `token: 'xoxp-${digits(r, 12)}-${hex(r, 32)}'`],
  },
  'slack-app-token': {
    positives: [
      pos(
        (r) => `xapp-1-A${randomString(r, ALPHABET.upperAlnum, 10)}-${digits(r, 13)}-${hex(r, 64)}`,
        (s) => `SLACK_APP_TOKEN=${s}`,
      ),
    ],
    negatives: [(r) => `SLACK_APP_TOKEN=xapp-1-A${randomString(r, ALPHABET.upperAlnum, 10)}-${digits(r, 13)}-${hex(r, 20)}`],
  },
  'slack-other-token': {
    positives: [
      pos((r) => `xoxs-${digits(r, 10)}-${digits(r, 12)}-${hex(r, 64)}`, (s) => `legacy = ${s}`),
      pos((r) => `xoxe.xoxp-1-${b62(r, 160)}`, (s) => `config_token=${s}`),
    ],
    negatives: [() => 'legacy = xoxa-1-short', () => `legacy = xoxs-1-${'a'.repeat(40)}`],
  },
  'slack-webhook-url': {
    positives: [
      pos(
        (r) => `T${randomString(r, ALPHABET.upperAlnum, 10)}/B${randomString(r, ALPHABET.upperAlnum, 10)}/${b62(r, 24)}`,
        (s) => `SLACK_WEBHOOK=https://hooks.slack.com/services/${s}`,
      ),
    ],
    negatives: [() => 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'],
  },
  'stripe-live-secret-key': {
    positives: [
      pos((r) => fakeStripeKey(r, 'live', 'sk'), (s) => `STRIPE_SECRET_KEY=${s}`),
      pos((r) => fakeStripeKey(r, 'live', 'rk'), (s) => `stripe.api_key = "${s}"`),
    ],
    negatives: [() => `STRIPE_SECRET_KEY=sk_live_${'x'.repeat(24)}`, (r) => `key=sk_live_${b62(r, 10)}`],
  },
  'stripe-test-secret-key': {
    positives: [pos((r) => fakeStripeKey(r, 'test', 'sk'), (s) => `STRIPE_SECRET_KEY=${s}`)],
    negatives: [(r) => `STRIPE_PUBLISHABLE_KEY=pk_test_${b62(r, 24)}`],
  },
  'npm-access-token': {
    positives: [pos((r) => fakeChecksummedToken(r, 'npm_'), (s) => `NPM_TOKEN=${s}`)],
    negatives: [(r) => `NPM_TOKEN=${breakLastChar(fakeChecksummedToken(r, 'npm_'))}`],
  },
  'npmrc-auth': {
    positives: [
      pos((r) => b64url(r, 40), (s) => `//npm.pkg.example.com/:_authToken=${s}\nalways-auth=true\n`),
      pos((r) => b64url(r, 40), (s) => `registry=https://npm.corp.internal/\r\n//npm.corp.internal/:_authToken="${s}"\r\n`),
      pos(
        (r) => Buffer.from(`ci:${fakePassword(r)}`).toString('base64'),
        (s) => `registry=https://artifactory.example.com/\n_auth=${s}\n`,
      ),
    ],
    negatives: [
      () => '//registry.npmjs.org/:_authToken=${NPM_TOKEN}',
      () => '//registry.npmjs.org/:_authToken=<your-token>',
      () => '//registry.npmjs.org/:_authToken=changeme',
      (r) => `this._username=s._username,this._password=s._${b62(r, 12)};`, // minified JS, not an .npmrc
      () => '        self._password = password',
    ],
  },
  'pypi-upload-token': {
    positives: [
      pos((r) => 'pypi-AgEIcHlwaS5vcmc' + b64url(r, 120), (s) => `password = ${s}`),
      pos((r) => 'pypi-AgENdGVzdC5weXBpLm9yZw' + b64url(r, 120), (s) => `TWINE_PASSWORD=${s}`),
    ],
    negatives: [(r) => `password = pypi-AgEIcHlwaS5vcmc${b64url(r, 20)}`],
  },
  'openai-api-key': {
    positives: [
      pos((r) => `sk-proj-${b64url(r, 74)}T3BlbkFJ${b64url(r, 74)}`, (s) => `OPENAI_API_KEY=${s}`),
      pos((r) => `sk-${b62(r, 20)}T3BlbkFJ${b62(r, 20)}`, (s) => `openai.api_key = "${s}"`),
    ],
    negatives: [(r) => `OPENAI_API_KEY=sk-${b62(r, 48)}`],
  },
  'anthropic-api-key': {
    positives: [pos((r) => `sk-ant-api03-${b64url(r, 93)}AA`, (s) => `ANTHROPIC_API_KEY=${s}`)],
    negatives: [(r) => `ANTHROPIC_API_KEY=sk-ant-api03-${b64url(r, 20)}`],
  },
  'sendgrid-api-key': {
    positives: [pos((r) => `SG.${b64url(r, 22)}.${b64url(r, 43)}`, (s) => `SENDGRID_API_KEY=${s}`)],
    negatives: [(r) => `SENDGRID_API_KEY=SG.${b64url(r, 22)}.${b64url(r, 20)}`, (r) => `x = MSG.${b64url(r, 22)}`],
  },
  'huggingface-token': {
    positives: [pos((r) => 'hf_' + randomString(r, ALPHABET.base62, 34), (s) => `HF_TOKEN=${s}`)],
    negatives: [() => `HF_TOKEN=hf_${'a'.repeat(34)}`, () => 'from huggingface_hub import hf_hub_download'],
  },
  'vault-token': {
    positives: [pos((r) => 'hvs.' + b64url(r, 91), (s) => `VAULT_TOKEN=${s}`)],
    negatives: [(r) => `VAULT_TOKEN=hvs.${b62(r, 10)}`],
  },
  'digitalocean-token': {
    positives: [pos((r) => 'dop_v1_' + hex(r, 64), (s) => `DIGITALOCEAN_TOKEN=${s}`)],
    negatives: [(r) => `DIGITALOCEAN_TOKEN=dop_v1_${hex(r, 63)}`],
  },
  'shopify-token': {
    positives: [pos((r) => 'shpat_' + hex(r, 32), (s) => `SHOPIFY_ACCESS_TOKEN=${s}`)],
    negatives: [(r) => `SHOPIFY_ACCESS_TOKEN=shpat_${hex(r, 31)}`],
  },
  'google-oauth-client-secret': {
    positives: [pos((r) => 'GOCSPX-' + b64url(r, 28), (s) => `"client_secret": "${s}"`)],
    negatives: [(r) => `"client_secret": "GOCSPX-${b64url(r, 20)}"`],
  },
  'private-key': {
    positives: [
      pemSample('RSA PRIVATE KEY'),
      pemSample('PRIVATE KEY'),
      pemSample('EC PRIVATE KEY'),
      pemSample('DSA PRIVATE KEY'),
      pemSample('OPENSSH PRIVATE KEY'),
      pemSample('ENCRYPTED PRIVATE KEY'),
      pemSample('RSA PRIVATE KEY', ['Proc-Type: 4,ENCRYPTED', 'DEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF']),
      pemSample('PGP PRIVATE KEY BLOCK', ['Version: GnuPG v2']),
      (r) => {
        // One line, JSON-escaped newlines, as in an environment variable or a JSON config.
        const body = [b64(r, 64), b64(r, 64), b64(r, 40)];
        const text = `{"key": "-----BEGIN EC PRIVATE KEY-----\\n${body.join('\\n')}\\n-----END EC PRIVATE KEY-----\\n"}`;
        return { text, secrets: body };
      },
    ],
    negatives: [
      (r) => `-----BEGIN CERTIFICATE-----\n${pemBody(r, 6)}\n-----END CERTIFICATE-----\n`,
      () => '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n', // truncated example
      () => '# Put your PRIVATE KEY in secrets/, never in the image.',
    ],
  },
  jwt: {
    positives: [pos(fakeJwt, (s) => `Authorization: Bearer ${s}`)],
    negatives: [
      (r) => `token = ${Buffer.from('{"typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"1"}').toString('base64url')}.${b64url(r, 43)}`,
      () =>
        'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
      (r) => `value: eyJ${b64url(r, 20)}.eyJ${b64url(r, 20)}.${b64url(r, 20)}`, // header is not JSON
    ],
  },
  'url-password': {
    positives: [
      pos((r) => fakePassword(r), (s) => `DATABASE_URL=postgres://app:${s}@db.internal:5432/app`),
      pos((r) => fakePassword(r, 24), (s) => `REDIS_URL=redis://:${s}@cache:6379/0`),
      pos((r) => fakePassword(r, 12), (s) => `git clone https://builder:${s}@git.corp.internal/team/repo.git`),
    ],
    negatives: [
      () => 'DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app',
      () => 'DATABASE_URL=postgres://app:$DB_PASSWORD@db:5432/app',
      () => 'DATABASE_URL=postgres://user:password@localhost:5432/app',
      () => 'amqp://guest:changeme@rabbit:5672/',
      () => 'https://user:xxxxxxxx@example.com/',
      () => 'https://user:****@example.com/',
      () => 'fmt.Sprintf("postgres://%s:%s@%s/db", user, pass, host)',
      () => 'mysql://root:<password>@db/app',
      () => 'cvs://:pserver:anoncvs@sources.redhat.com:/cvs/src',
      () => 'pip install --index-url https://user:hunter2@pypi.company.com/simple',
      () => 'see https://example.com:8443/path for details',
      (r) => `new URL('https://abc:${fakePassword(r)}@example.com')`, // documentation host (RFC 2606)
      (r) => `curl https://ci:${fakePassword(r)}@api.example.org/v1`,
    ],
  },
  'docker-config-auth': {
    positives: [pos((r) => Buffer.from(`ci-bot:${fakePassword(r, 20)}`).toString('base64'), dockerConfigJson)],
    negatives: [
      (r) => dockerConfigJson(Buffer.from(Array.from({ length: 30 }, () => Math.floor(r() * 256))).toString('base64')),
      () => dockerConfigJson(Buffer.from('user:password').toString('base64')),
      () => dockerConfigJson(''),
    ],
  },
  'kubernetes-dockerconfigjson': {
    positives: [
      (r) => {
        const auth = Buffer.from(`ci-bot:${fakePassword(r, 20)}`).toString('base64');
        const encoded = Buffer.from(JSON.stringify({ auths: { 'registry.example.com': { auth } } })).toString('base64');
        return {
          text: `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: ${encoded}\n`,
          secrets: [encoded, auth],
        };
      },
    ],
    negatives: [
      () => `data:\n  .dockerconfigjson: ${Buffer.from('{"auths":{"registry.example.com":{}}}').toString('base64')}\n`,
    ],
  },
  'generic-secret-assignment': {
    positives: [
      pos((r) => fakePassword(r, 20), (s) => `ENV DB_PASSWORD=${s}`),
      pos((r) => fakePassword(r, 24), (s) => `  "clientSecret": "${s}",`),
      pos((r) => b62(r, 32), (s) => `api_key: '${s}'`),
      pos((r) => randomString(r, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', 24), (s) => `secret: "${s}"`),
      pos((r) => fakePassword(r, 16), (s) => `$config['smtp_pass' . 'word'] = 1; $password = "${s}";`),
      pos(() => 'Summer2024', (s) => `ENV DB_PASSWORD=${s}`),
    ],
    negatives: [
      () => 'password = ${DB_PASSWORD}',
      () => 'password: changeme',
      () => 'token = getToken(user, scope)',
      () => 'secretName: my-app-secret',
      () => 'password_file = /run/secrets/db_password',
      () => 'api_key = "aaaaaaaaaaaaaaaa"',
      () => 'token = self.access_token',
      () => 'password: "S3cr3t!"', // 7 characters: below the minimum length
      () => 'tokenizer: bert-base-uncased',
      () => 'password: "{{ .Values.db.password }}"',
      () => "password = '%(db_password)s'",
      () => 'const token = accessToken',
      () => 'const exclamationToken = !questionToken && !scanner.hasPrecedingLineBreak()',
      () => 'AttributeOID.CHALLENGE_PASSWORD: "challengePassword",',
      () => 'def sign(backend: "Backend", private_key: "_RSAPrivateKey", data: bytes):',
      () => '__mvncomp "username= passphrase= password= secretKey= $(__list)" "-D"',
      () => '#3: 0x95CACC9: reserve&lt;syntax::tokenstream::TokenStream,alloc::alloc::Global&gt;',
      () => '\t\tPrivateKey:  testP256PrivateKey,',
      () => '    :param refresh_token: Required.  The refresh token issued to the client.',
      () => 'const fakeConnectionToken = "X-Fake-Connection-Token"',
      () => '#password_encryption = scram-sha-256\t# scram-sha-256 or md5',
      () => '// \tgroupname:password:GID:userlist',
      () => 'let s:netrw_passwd= g:netrw_passwd',
      () => 'GET /revoke?token=agabcdeaddfiuklk23tsl2abc&token_type_hint=refresh_token HTTP/1.1',
      () => 't.Logf("with PWD=%s\\n\\tos.Getwd() reported", tc.pwd)',
      () => '"Unexpected_token_1012": "Neočekávaný token",',
      () => '"Unexpected_token_1012": "Nieoczekiwany token.",',
      () => 'const { contextToken: contextToken2, previousToken: previousToken2 } = getRelevantTokens(p);',
    ],
  },
};
