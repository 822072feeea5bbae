/**
 * CRM: `GET /v1/customers/:id`, bearer `demo-token`. The FIRST request for each id answers 429 with
 * `Retry-After: 1` (so the demo shows a retry), the next ones 200 `{ data: { id, name, is_active } }`.
 */
import { bearer } from '../auth';
import { DEMO_CREDENTIALS } from '../credentials';
import { errorReply } from '../reply';
import type { Route, RouteContext } from '../route';

interface Customer {
  id: number;
  name: string;
  is_active: boolean;
  email: string;
  created_at: string;
}

const CUSTOMERS: Customer[] = [
  { id: 42, name: 'Ada Lovelace', is_active: true, email: 'ada@example.com', created_at: '2024-03-08T09:15:00Z' },
  { id: 7, name: 'Grace Hopper', is_active: true, email: 'grace@example.com', created_at: '2023-12-09T14:02:00Z' },
  { id: 13, name: 'Alan Turing', is_active: false, email: 'alan@example.com', created_at: '2022-06-23T08:30:00Z' },
];

export function crmRoutes(_ctx: RouteContext): Route[] {
  const seen = new Set<number>();
  return [
    {
      method: 'GET',
      path: /^\/v1\/customers\/([^/]+)$/,
      summary: 'CRM customer (bearer demo-token); first call per id → 429 Retry-After: 1, then 200; ids 42, 7, 13',
      api: 'crm',
      auth: bearer(DEMO_CREDENTIALS.bearerToken, 'demo-crm'),
      handle(req) {
        const raw = req.params[0];
        const id = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
        const customer = CUSTOMERS.find((c) => c.id === id);
        if (!customer) return errorReply(404, `customer ${JSON.stringify(raw)} not found`, { code: 'customer_not_found' });
        if (!seen.has(id)) {
          seen.add(id);
          return errorReply(429, 'rate limit exceeded: retry after 1 second', { code: 'rate_limited' }, {
            'Retry-After': '1',
            'X-RateLimit-Remaining': '0',
          });
        }
        return { status: 200, body: { data: { ...customer } } };
      },
    },
  ];
}
