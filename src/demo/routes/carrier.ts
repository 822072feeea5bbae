/** Carrier tracking: `GET /v1/shipments/:trackingNumber`, an OAuth2 token with `shipments.read`. */
import { oauthBearer } from '../auth';
import { errorReply } from '../reply';
import type { Route, RouteContext } from '../route';

const SHIPMENTS = [
  {
    trackingNumber: 'ION123456789',
    carrier: 'Demo Express',
    service: 'standard',
    status: 'in_transit',
    estimatedDelivery: '2026-01-09',
    events: [
      { at: '2026-01-06T08:12:00Z', location: 'Madrid, ES', code: 'picked_up', description: 'Picked up' },
      { at: '2026-01-07T02:40:00Z', location: 'Zaragoza, ES', code: 'in_transit', description: 'Departed sorting hub' },
    ],
  },
  {
    trackingNumber: 'ION987654321',
    carrier: 'Demo Express',
    service: 'express',
    status: 'delivered',
    estimatedDelivery: '2026-01-05',
    events: [
      { at: '2026-01-04T09:00:00Z', location: 'Lisbon, PT', code: 'picked_up', description: 'Picked up' },
      { at: '2026-01-05T11:25:00Z', location: 'Porto, PT', code: 'delivered', description: 'Delivered, signed by R. Costa' },
    ],
  },
];

export function carrierRoutes(ctx: RouteContext): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/v1\/shipments\/([^/]+)$/,
      summary: 'Track a shipment (OAuth2 bearer with shipments.read); ION123456789 in transit, ION987654321 delivered',
      api: 'carrier',
      auth: oauthBearer(ctx.tokens, 'shipments.read', 'demo-carrier'),
      handle(req) {
        const s = SHIPMENTS.find((x) => x.trackingNumber === req.params[0]);
        if (!s) return errorReply(404, `no shipment with tracking number ${JSON.stringify(req.params[0])}`, { code: 'shipment_not_found' });
        return { status: 200, body: structuredClone(s) };
      },
    },
  ];
}
