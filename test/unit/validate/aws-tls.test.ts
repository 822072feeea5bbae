/** Editing checks for `auth: { type: aws }` and `request.tls` cert/key/passphrase (docs/reference.md). */
import { strict as assert } from 'node:assert';
import { parseIntegration } from '../../../src/core/parse';

const HEAD = 'version: 1\nname: x\n';
const REQ = 'request:\n  url: https://api.example.com/a\n';

function codes(text: string): string[] {
  return parseIntegration(text).diagnostics.map((d) => `${d.code} ${text.slice(d.start, d.end)}`);
}

function messages(text: string): string[] {
  return parseIntegration(text).diagnostics.map((d) => `${d.code} ${d.message}`);
}

describe('validate: aws auth and mTLS', () => {
  it('a complete aws block and a client certificate from secrets validate cleanly', () => {
    const text = `${HEAD}auth: { type: aws, accessKeyId: "{{ secret.ak }}", secretAccessKey: "{{ secret.sk }}", sessionToken: "{{ secret.st }}", region: "{{ vars.region }}", service: s3 }
environments: { dev: { region: eu-west-1 } }
${REQ}  tls: { ca: certs/ca.pem, cert: "{{ secret.c }}", key: "{{ secret.k }}", passphrase: "{{ secret.p }}" }
`;
    assert.deepEqual(codes(text), []);
  });

  it('region and service are required, other keys are unknown', () => {
    const got = messages(`${HEAD}auth: { type: aws, accessKeyId: "{{ secret.ak }}", secretAccessKey: "{{ secret.sk }}", token: x }\n${REQ}`).join('\n');
    assert.match(got, /region/);
    assert.match(got, /service/);
    assert.match(got, /unknown_key .*token/);
  });

  it('a secret access key, a session token, a client key or passphrase written in the file is a hardcoded_secret', () => {
    const got = codes(`${HEAD}auth: { type: aws, accessKeyId: AKIDEXAMPLE, secretAccessKey: wJalrXUtnFEMIK7MDENG, sessionToken: FQoGZXIvYXdzEXAMPLE, region: us-east-1, service: sts }
${REQ}  tls: { cert: "{{ secret.c }}", key: not-a-reference, passphrase: hunter2 }
`);
    assert.deepEqual(got.filter((c) => c.startsWith('hardcoded_secret')), [
      'hardcoded_secret wJalrXUtnFEMIK7MDENG',
      'hardcoded_secret FQoGZXIvYXdzEXAMPLE',
      'hardcoded_secret not-a-reference',
      'hardcoded_secret hunter2',
    ]);
  });

  it('references are allowed in tls cert/key/passphrase, not in tls.ca; tls has no other keys', () => {
    const got = codes(`${HEAD}${REQ}  tls: { ca: "{{ vars.ca }}", cert: "{{ secret.c }}", key: "{{ secret.k }}", pem: x }\nenvironments: { dev: { ca: a.pem } }\n`);
    assert.ok(got.some((c) => c.startsWith('ref_not_allowed') && c.includes('vars.ca')), got.join('\n'));
    assert.ok(got.some((c) => c.startsWith('unknown_key pem')), got.join('\n'));
    assert.ok(!got.some((c) => c.includes('secret.c') || c.includes('secret.k')), got.join('\n'));
  });
});
