/**
 * Fixture tests (offline, dummy secrets) of files with AWS Signature V4 and an mTLS client
 * certificate: the dummy values are not PEM, and the fixture server speaks plain HTTP, so the
 * certificate is resolved (its references checked) but not presented (docs/reference.md#request).
 */
import { strict as assert } from 'node:assert';
import { integration, onlyTest } from './helpers';

const FILE = `auth: { type: aws, accessKeyId: "{{ secret.aws_key }}", secretAccessKey: "{{ secret.aws_secret }}", region: eu-west-1, service: execute-api }
request:
  method: POST
  url: "{{ vars.baseUrl }}/items"
  body: { a: 1 }
  tls: { cert: "{{ secret.client_cert }}", key: "{{ secret.client_key }}" }
`;

describe('ion test: AWS and mTLS fixtures', () => {
  it('runs offline with dummy secrets: the request is signed, the certificate not presented', async () => {
    const t = await onlyTest(integration(`${FILE}tests:
  - name: t
    response: { status: 200, body: { ok: true } }
    expect: { ok: true, output: { ok: true } }
`));
    assert.equal(t.state, 'passed', JSON.stringify(t.failures));
    const api = t.fixtureRequests!.find((r) => r.kind === 'api')!;
    assert.match(String(api.headers.authorization), /^AWS4-HMAC-SHA256 Credential=.*\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=.*, Signature=/);
    assert.match(String(api.headers['x-amz-date']), /^\d{8}T\d{6}Z$/);
  });
});
