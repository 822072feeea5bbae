/**
 * The demo API's fixed credentials and the secret names the examples use for them. One source:
 * the server checks these values, `ion-demo` prints them as `export ION_SECRET_…=…` lines, and
 * `examples/README.md` lists them (a unit test keeps the three in step).
 * These are public demo values: never reuse them for anything real.
 */
import { secretEnvName } from '../core/template';

export const DEMO_CREDENTIALS = {
  /** CRM: `Authorization: Bearer demo-token`. */
  bearerToken: 'demo-token',
  /** Shop (header `X-Api-Key`) and weather (query `appid`). */
  apiKey: 'demo-key',
  /** Inventory: HTTP Basic (the user name comes from the example's `vars`, not a secret). */
  basicUser: 'demo',
  basicPassword: 'demo-pass',
  /** Payments: custom headers `X-Account-Id` and `X-Api-Secret`. */
  paymentsAccount: 'acct_demo',
  paymentsSecret: 'demo-pay-secret',
  /** Payments webhook: the key of `X-Signature-256` (HMAC-SHA256 of the body), checked by `ion serve`. */
  paymentsWebhookSecret: 'demo-webhook-secret',
  /** Shop webhook (Standard Webhooks): a `whsec_` base64 key, checked by `ion serve`. */
  shopWebhookSecret: 'whsec_ZGVtby1zaG9wLXdlYmhvb2sta2V5LTMyYnl0ZXMh',
  /** Warehouse webhook (GitHub-style `X-Hub-Signature-256`): the HMAC key, checked by `ion serve`. */
  warehouseWebhookSecret: 'demo-warehouse-hook',
  /** OAuth2 token endpoint (`POST /oauth/token`). */
  clientId: 'demo-client',
  clientSecret: 'demo-secret',
  refreshToken: 'demo-refresh',
} as const;

/** The value of every `{{ secret.NAME }}` the examples reference, for a demo API at `baseUrl`. */
export function demoSecrets(baseUrl: string): Record<string, string> {
  const c = DEMO_CREDENTIALS;
  return {
    crm_token: c.bearerToken,
    shop_api_key: c.apiKey,
    weather_key: c.apiKey,
    inventory_password: c.basicPassword,
    payments_secret: c.paymentsSecret,
    payments_webhook_secret: c.paymentsWebhookSecret,
    shop_webhook_secret: c.shopWebhookSecret,
    warehouse_webhook_secret: c.warehouseWebhookSecret,
    carrier_client_secret: c.clientSecret,
    accounting_client_secret: c.clientSecret,
    accounting_refresh_token: c.refreshToken,
    // What signing in stores (accounting-signin); the demo value works until someone signs in.
    accounting_signin_token: c.refreshToken,
    slack_webhook: `${baseUrl.replace(/\/+$/, '')}/hooks/notify`,
  };
}

/** `export ION_SECRET_CRM_TOKEN=demo-token` lines (POSIX shell), one per demo secret. */
export function demoSecretExports(baseUrl: string): string[] {
  return Object.entries(demoSecrets(baseUrl)).map(([name, value]) => `export ${secretEnvName(name)}=${value}`);
}

/** Every fixed credential value, for redaction in logs and recorded requests. */
export function staticSecretValues(): string[] {
  const c = DEMO_CREDENTIALS;
  return [c.bearerToken, c.apiKey, c.basicPassword, c.paymentsSecret, c.clientSecret, c.refreshToken];
}
