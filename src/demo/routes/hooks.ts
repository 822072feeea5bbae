/**
 * The receiver for the examples' `http` outputs: `POST /hooks/notify` answers 204 and keeps what
 * arrived; `GET /hooks/notify` lists it. No auth: like a Slack webhook, the URL is the secret.
 */
import { header } from '../reply';
import { isoNow, type Route, type RouteContext } from '../route';

/** A long-running demo keeps the latest ones only. */
const MAX_KEPT = 1000;

export interface Notification {
  at: string;
  contentType: string;
  /** The parsed JSON body, or the text when it is not JSON. */
  body: unknown;
}

export function hooksRoutes(ctx: RouteContext, received: Notification[]): Route[] {
  return [
    {
      method: 'POST',
      path: /^\/hooks\/notify$/,
      summary: 'Receiver for http outputs (the demo slack_webhook): 204, recorded',
      handle(req) {
        let body: unknown = req.rawBody;
        try {
          body = JSON.parse(req.rawBody);
        } catch {
          // Not JSON: keep the text.
        }
        received.push({ at: isoNow(ctx), contentType: header(req, 'content-type') ?? '', body });
        if (received.length > MAX_KEPT) received.splice(0, received.length - MAX_KEPT);
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      path: /^\/hooks\/notify$/,
      summary: 'What the receiver got so far',
      handle: () => ({ status: 200, body: { received } }),
    },
  ];
}
