/**
 * Accounting: `GET /v1/invoices?status=unpaid|paid|all&dueBefore=YYYY-MM-DD&limit=N`, an OAuth2
 * token with `accounting.read` (the refresh_token grant gives one).
 */
import { oauthBearer } from '../auth';
import { errorReply } from '../reply';
import type { Route, RouteContext } from '../route';

const INVOICES = [
  { id: 'inv_12', number: 'INV-2026-0012', customer: { id: 'c_acme', name: 'Acme Corp' }, amountDue: 1200, currency: 'EUR', dueDate: '2026-01-15', status: 'unpaid' },
  { id: 'inv_15', number: 'INV-2026-0015', customer: { id: 'c_globex', name: 'Globex' }, amountDue: 349.9, currency: 'EUR', dueDate: '2026-02-01', status: 'unpaid' },
  { id: 'inv_17', number: 'INV-2026-0017', customer: { id: 'c_initech', name: 'Initech' }, amountDue: 0, currency: 'EUR', dueDate: '2026-02-10', status: 'paid' },
  { id: 'inv_20', number: 'INV-2026-0020', customer: { id: 'c_umbrella', name: 'Umbrella Ltd' }, amountDue: 780.25, currency: 'EUR', dueDate: '2026-04-30', status: 'unpaid' },
];

export function accountingRoutes(ctx: RouteContext): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/v1\/invoices$/,
      summary: 'List invoices (OAuth2 bearer with accounting.read); ?status=unpaid|paid|all&dueBefore=YYYY-MM-DD&limit=1..100',
      api: 'accounting',
      auth: oauthBearer(ctx.tokens, 'accounting.read', 'demo-accounting'),
      handle(req) {
        const status = req.query.get('status') ?? 'all';
        if (!['unpaid', 'paid', 'all'].includes(status)) return errorReply(400, 'status must be unpaid, paid or all');
        const dueBefore = req.query.get('dueBefore');
        if (dueBefore !== null && !/^\d{4}-\d{2}-\d{2}$/.test(dueBefore)) return errorReply(400, 'dueBefore must be a date like 2026-12-31');
        const limitText = req.query.get('limit') ?? '50';
        const limit = /^\d{1,3}$/.test(limitText) ? Number(limitText) : NaN;
        if (!(limit >= 1 && limit <= 100)) return errorReply(400, 'limit must be an integer from 1 to 100');
        const all = INVOICES.filter((i) => (status === 'all' || i.status === status) && (dueBefore === null || i.dueDate < dueBefore));
        return { status: 200, body: { data: structuredClone(all.slice(0, limit)), hasMore: all.length > limit } };
      },
    },
  ];
}
