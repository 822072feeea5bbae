/**
 * Payments: `GET /v1/payments/:id[?expand=customer]`, custom headers `X-Account-Id: acct_demo` and
 * `X-Api-Secret: demo-pay-secret`. Amounts are in cents, as payment APIs usually send them.
 */
import { customHeaders } from '../auth';
import { DEMO_CREDENTIALS } from '../credentials';
import { errorReply } from '../reply';
import type { Route, RouteContext } from '../route';

const CUSTOMERS = {
  cus_42: { id: 'cus_42', name: 'Ada Lovelace', email: 'ada@example.com' },
  cus_7: { id: 'cus_7', name: 'Grace Hopper', email: 'grace@example.com' },
} as const;

const PAYMENTS = [
  { id: 'pay_1001', amount: 11899, currency: 'eur', status: 'succeeded', customer: 'cus_42', created: 1767258000, metadata: { orderId: 'SO-1001' } },
  { id: 'pay_1002', amount: 4999, currency: 'eur', status: 'pending', customer: 'cus_7', created: 1767261600, metadata: { orderId: 'SO-1002' } },
  { id: 'pay_1003', amount: 2500, currency: 'usd', status: 'failed', customer: 'cus_7', created: 1767265200, metadata: { orderId: 'SO-1003' } },
] as const;

export function paymentsRoutes(_ctx: RouteContext): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/v1\/payments\/([^/]+)$/,
      summary: 'Read a payment (headers X-Account-Id: acct_demo, X-Api-Secret: demo-pay-secret); pay_1001 succeeded, pay_1002 pending, pay_1003 failed',
      api: 'payments',
      auth: customHeaders({ 'X-Account-Id': DEMO_CREDENTIALS.paymentsAccount, 'X-Api-Secret': DEMO_CREDENTIALS.paymentsSecret }, 'demo-payments'),
      handle(req) {
        const p = PAYMENTS.find((x) => x.id === req.params[0]);
        if (!p) return errorReply(404, `payment ${JSON.stringify(req.params[0])} not found`, { code: 'payment_not_found' });
        const expand = (req.query.get('expand') ?? '').split(',').map((s) => s.trim());
        const customer = expand.includes('customer') ? { ...CUSTOMERS[p.customer] } : p.customer;
        return { status: 200, body: { ...p, object: 'payment', customer, metadata: { ...p.metadata } } };
      },
    },
  ];
}
