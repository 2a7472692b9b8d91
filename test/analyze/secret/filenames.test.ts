import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  classifySensitiveFile,
  classifySensitivePath,
  SENSITIVE_FILE_RULES,
} from '../../../src/analyze/secret/filenames.js';
import { createRng, fakePemPrivateKey } from '../../../src/analyze/secret/fake-tokens.js';

const nameOf = (path: string): string | undefined => classifySensitivePath(path)?.name;

describe('sensitive file rule data', () => {
  it('uses unique LS-SEC-1xx ids and names', () => {
    const ids = SENSITIVE_FILE_RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(new Set(SENSITIVE_FILE_RULES.map((r) => r.name)).size, ids.length);
    for (const id of ids) assert.match(id, /^LS-SEC-1\d\d$/);
  });
});

describe('classifySensitivePath', () => {
  const cases: Array<[string, string | undefined]> = [
    ['.env', 'dotenv-file'],
    ['app/.env.production', 'dotenv-file'],
    ['./.env.local', 'dotenv-file'],
    ['.env.example', undefined],
    ['config/.env.sample', undefined],
    ['.env.template', undefined],
    ['.envrc', undefined],
    ['home/dev/.ssh/id_rsa', 'ssh-private-key-file'],
    ['id_ed25519', 'ssh-private-key-file'],
    ['home/dev/.ssh/id_rsa.pub', undefined],
    ['etc/ssh/ssh_host_ed25519_key', 'ssh-host-private-key'],
    ['etc/ssh/ssh_host_ed25519_key.pub', undefined],
    ['certs/server.pem', 'pem-private-key-file'],
    ['certs/SERVER.KEY', 'pem-private-key-file'],
    ['certs/server.crt', undefined],
    ['keystore.p12', 'keystore-file'],
    ['app/release.jks', 'keystore-file'],
    ['cert.pfx', 'keystore-file'],
    ['root/.npmrc', 'npmrc-with-credentials'],
    ['.pypirc', 'pypirc-with-credentials'],
    ['root/.netrc', 'netrc-file'],
    ['root/.aws/credentials', 'aws-credentials-file'],
    ['.aws/config', undefined],
    ['.git-credentials', 'git-credentials-file'],
    ['root/.docker/config.json', 'docker-config-file'],
    ['app/config.json', undefined],
    ['root/.kube/config', 'kubeconfig-file'],
    ['deploy/prod.kubeconfig', 'kubeconfig-file'],
    ['kubeconfig', 'kubeconfig-file'],
    ['infra/terraform.tfstate', 'terraform-state'],
    ['infra/terraform.tfstate.backup', 'terraform-state'],
    ['infra/prod.tfvars', 'terraform-variables'],
    ['infra/variables.tf', undefined],
    ['credentials.yaml', 'credentials-file'],
    ['config/credentials.json', 'credentials-file'],
    ['helm/secrets.yaml', 'credentials-file'],
    ['www/.htpasswd', 'htpasswd-file'],
    ['vpn/office.ovpn', 'openvpn-config-with-key'],
    ['root/.bash_history', 'shell-history'],
    ['home/u/.zsh_history', 'shell-history'],
    ['root/.pgpass', 'pgpass-file'],
    ['root/.my.cnf', 'mysql-client-config'],
    ['root/.config/gcloud/application_default_credentials.json', 'cloud-cli-credentials'],
    ['root/.vault-token', 'cloud-cli-credentials'],
    ['src/index.ts', undefined],
    ['README.md', undefined],
    ['', undefined],
  ];
  for (const [path, expected] of cases) {
    it(`${JSON.stringify(path)} -> ${expected ?? 'not sensitive'}`, () => {
      assert.equal(nameOf(path), expected);
    });
  }

  it('accepts Windows separators and returns the rule data without the matcher', () => {
    const match = classifySensitivePath('home\\dev\\.ssh\\id_rsa');
    assert.equal(match?.id, 'LS-SEC-102');
    assert.equal(match?.severity, 'HIGH');
    assert.ok(match && !('matches' in match));
  });
});

describe('content confirmation', () => {
  const key = fakePemPrivateKey(createRng(1), 'EC ');

  it('reports a .pem only when it holds a private key', () => {
    assert.equal(classifySensitiveFile('tls/server.pem', `${key}\n`)?.name, 'pem-private-key-file');
    assert.equal(classifySensitiveFile('tls/ca.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'), undefined);
  });

  it('reports an .npmrc only with a literal token or password', () => {
    assert.ok(classifySensitiveFile('.npmrc', '//registry.npmjs.org/:_authToken=abcdef0123456789\n'));
    assert.ok(classifySensitiveFile('.npmrc', '_auth = dXNlcjpwYXNz\n'));
    assert.equal(classifySensitiveFile('.npmrc', '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n'), undefined);
    assert.equal(classifySensitiveFile('.npmrc', 'registry=https://registry.npmjs.org/\nsave-exact=true\n'), undefined);
  });

  it('reports a .pypirc only with a password', () => {
    assert.ok(classifySensitiveFile('.pypirc', '[pypi]\nusername = __token__\npassword = pypi-abc\n'));
    assert.equal(classifySensitiveFile('.pypirc', '[distutils]\nindex-servers = pypi\n'), undefined);
  });

  it('reports a Docker config only with a stored login, and a kubeconfig only with embedded credentials', () => {
    assert.ok(classifySensitiveFile('.docker/config.json', '{"auths":{"r.example.com":{"auth":"dTpw"}}}'));
    assert.equal(classifySensitiveFile('.docker/config.json', '{"credsStore":"desktop","auths":{"r.example.com":{}}}'), undefined);
    assert.ok(classifySensitiveFile('.kube/config', 'users:\n- name: a\n  user:\n    token: abc.def\n'));
    assert.equal(
      classifySensitiveFile('.kube/config', 'users:\n- name: a\n  user:\n    exec:\n      command: aws\n'),
      undefined,
    );
  });

  it('does not report SOPS- or Ansible-Vault-encrypted secrets files', () => {
    assert.ok(classifySensitiveFile('secrets.yaml', 'db_password: hunter2hunter2\n'));
    assert.equal(classifySensitiveFile('secrets.yaml', 'db_password: ENC[AES256_GCM,data:abc]\nsops:\n    version: 3.8.1\n'), undefined);
    assert.equal(classifySensitiveFile('secrets.yml', '$ANSIBLE_VAULT;1.1;AES256\n6162\n'), undefined);
  });

  it('reports .ovpn profiles only with inline keys, and names without a confirm step regardless of content', () => {
    assert.ok(classifySensitiveFile('a.ovpn', 'client\n<key>\nxyz\n</key>\n'));
    assert.equal(classifySensitiveFile('a.ovpn', 'client\nremote vpn.example.com 1194\n'), undefined);
    assert.ok(classifySensitiveFile('terraform.tfstate', ''));
  });
});
