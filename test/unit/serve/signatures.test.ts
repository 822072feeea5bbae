import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { deliveryIdOf, signHeaders, verifySignature, type SignatureCheck } from '../../../src/core/serve';

/** Flips one bit of a hex or base64 digest text (the character stays in the alphabet). */
function flipHex(s: string): string {
  const i = s.length - 1;
  return s.slice(0, i) + (parseInt(s[i], 16) ^ 1).toString(16) + s.slice(i + 1);
}
function flipBytes(b: Buffer): Buffer {
  const c = Buffer.from(b);
  c[0] ^= 1;
  return c;
}

describe('serve: signature schemes against published vectors', () => {
  it('github: the documented example (X-Hub-Signature-256)', () => {
    // docs.github.com "Validating webhook deliveries": secret "It's a Secret to Everybody", payload "Hello, World!".
    const check: SignatureCheck = { scheme: 'github', secret: "It's a Secret to Everybody" };
    const sig = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
    const raw = Buffer.from('Hello, World!');
    assert.deepEqual(verifySignature(check, raw, { 'x-hub-signature-256': sig }, 0), { ok: true });
    assert.equal(verifySignature(check, raw, { 'x-hub-signature-256': flipHex(sig) }, 0).ok, false, 'one bit of the signature');
    assert.equal(verifySignature(check, flipBytes(raw), { 'x-hub-signature-256': sig }, 0).ok, false, 'one bit of the body');
    assert.equal(verifySignature({ ...check, secret: "It's a secret to Everybody" }, raw, { 'x-hub-signature-256': sig }, 0).ok, false, 'another secret');
    assert.equal(verifySignature(check, raw, {}, 0).ok, false, 'missing header');
    assert.equal(verifySignature(check, raw, { 'x-hub-signature-256': sig.slice(7) }, 0).ok, false, 'without sha256=');
    assert.equal(verifySignature(check, raw, { 'x-hub-signature-256': sig.slice(0, -2) }, 0).ok, false, 'short digest');
  });

  it('standard: the Standard Webhooks reference vector; stale and future timestamps refused', () => {
    // standard-webhooks/standard-webhooks test vector (also svix's).
    const check: SignatureCheck = { scheme: 'standard', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' };
    const raw = Buffer.from('{"test": 2432232314}');
    const headers = { 'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek', 'webhook-timestamp': '1614265330', 'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' };
    const at = 1614265330 * 1000;
    assert.deepEqual(verifySignature(check, raw, headers, at), { ok: true });
    assert.deepEqual(verifySignature(check, raw, { ...headers, 'webhook-signature': `v1,bm90IGl0 ${headers['webhook-signature']}` }, at), { ok: true }, 'one of several signatures');
    const sig = Buffer.from(headers['webhook-signature'].slice(3), 'base64');
    assert.equal(verifySignature(check, raw, { ...headers, 'webhook-signature': `v1,${flipBytes(sig).toString('base64')}` }, at).ok, false, 'one bit of the signature');
    assert.equal(verifySignature(check, flipBytes(raw), headers, at).ok, false, 'one bit of the body');
    assert.equal(verifySignature(check, raw, { ...headers, 'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJel' }, at).ok, false, 'another id');
    assert.equal(verifySignature(check, raw, headers, at + 5 * 60_000).ok, true, 'at the 5m edge');
    assert.deepEqual(verifySignature(check, raw, headers, at + 5 * 60_000 + 1000), { ok: false, reason: 'timestamp outside the tolerance' });
    assert.equal(verifySignature(check, raw, headers, at - 6 * 60_000).ok, false, 'from the future');
    assert.equal(verifySignature({ ...check, toleranceMs: 3600_000 }, raw, headers, at + 30 * 60_000).ok, true, 'tolerance: 1h');
  });

  it("stripe: Stripe's documented scheme (t.payload, v1 hex), with tolerance", () => {
    // stripe.com/docs/webhooks "Verify manually": HMAC-SHA256 of `${t}.${payload}` keyed by the endpoint secret.
    const secret = 'whsec_test_secret';
    const payload = '{"id":"evt_1","object":"event"}';
    const t = 1700000000;
    const v1 = createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex');
    const check: SignatureCheck = { scheme: 'stripe', secret };
    const raw = Buffer.from(payload);
    const now = t * 1000 + 1000;
    assert.deepEqual(verifySignature(check, raw, { 'stripe-signature': `t=${t},v1=${v1},v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39` }, now), { ok: true });
    assert.deepEqual(verifySignature(check, raw, { 'stripe-signature': `t=${t},v1=${flipHex(v1)},v1=${v1}` }, now), { ok: true }, 'any v1 (secret rolling)');
    assert.equal(verifySignature(check, raw, { 'stripe-signature': `t=${t},v1=${flipHex(v1)}` }, now).ok, false, 'one bit of the signature');
    assert.equal(verifySignature(check, raw, { 'stripe-signature': `t=${t + 1},v1=${v1}` }, now).ok, false, 'another timestamp');
    assert.equal(verifySignature(check, flipBytes(raw), { 'stripe-signature': `t=${t},v1=${v1}` }, now).ok, false, 'one bit of the body');
    assert.equal(verifySignature(check, raw, { 'stripe-signature': `t=${t},v1=${v1}` }, t * 1000 + 301_000).ok, false, 'stale (over 300s)');
    assert.equal(verifySignature(check, raw, { 'stripe-signature': `v1=${v1}` }, now).ok, false, 'no t=');
    assert.equal(deliveryIdOf('stripe', {}, JSON.parse(payload)), 'evt_1');
  });

  it('hmac-sha256: header, encoding and prefix', () => {
    const secret = 'shh';
    const raw = Buffer.from('{"a":1}');
    const b64 = createHmac('sha256', secret).update(raw).digest('base64');
    const check: SignatureCheck = { scheme: 'hmac-sha256', secret, header: 'X-Shopify-Hmac-Sha256', encoding: 'base64' };
    assert.deepEqual(verifySignature(check, raw, { 'x-shopify-hmac-sha256': b64 }, 0), { ok: true });
    assert.equal(verifySignature(check, raw, { 'x-shopify-hmac-sha256': flipBytes(Buffer.from(b64, 'base64')).toString('base64') }, 0).ok, false);
    const hex = createHmac('sha256', secret).update(raw).digest('hex');
    const prefixed: SignatureCheck = { scheme: 'hmac-sha256', secret, header: 'X-Sig', prefix: 'sha256=' };
    assert.deepEqual(verifySignature(prefixed, raw, { 'x-sig': `sha256=${hex}` }, 0), { ok: true });
    assert.equal(verifySignature(prefixed, raw, { 'x-sig': hex }, 0).ok, false, 'prefix missing');
  });

  it('signHeaders signs what verifySignature accepts, for every scheme', () => {
    const raw = Buffer.from('{"n":1}');
    const now = Date.UTC(2026, 0, 1);
    for (const check of [
      { scheme: 'github', secret: 's' },
      { scheme: 'stripe', secret: 'whsec_x' },
      { scheme: 'standard', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
      { scheme: 'hmac-sha256', secret: 's', header: 'X-Sig', encoding: 'base64', prefix: 'v=' },
    ] as SignatureCheck[]) {
      const headers = Object.fromEntries(Object.entries(signHeaders(check, raw, now, 'd1')).map(([k, v]) => [k.toLowerCase(), v]));
      assert.deepEqual(verifySignature(check, raw, headers, now), { ok: true }, check.scheme);
      if (check.scheme !== 'stripe') assert.equal(deliveryIdOf(check.scheme, headers, undefined), 'd1', check.scheme);
    }
  });
});
