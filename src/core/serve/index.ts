/** `ion serve`: webhooks, the durable inbox, schedules, `/healthz` and `/metrics` (docs/reference.md#ion-serve). */
export { startServe, ServeSetupError, MAX_BODY_BYTES, SHUTDOWN_GRACE_MS, type ServeHandle, type ServeOptions, type ServeTarget } from './server';
export { verifySignature, signHeaders, deliveryIdOf, DEFAULT_TOLERANCE_MS, type SignatureCheck, type SignatureScheme, type Verdict } from './signatures';
export { Scheduler, type ScheduleSpec, type SchedulerOptions } from './schedules';
export { Inbox, REPLAY_WINDOW_MS, type InboxEvent, type WebhookEvent } from './inbox';
export { ServeMetrics, type WebhookResult } from './metrics';
export { postAlert, ALERT_POST_TIMEOUT_MS, type PostAlertOptions } from './alert-post';
