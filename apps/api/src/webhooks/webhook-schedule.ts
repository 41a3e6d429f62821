/** The job kind that sends one webhook delivery. */
export const WEBHOOK_JOB = "webhook.deliver";

const S = 1000;
const M = 60 * S;
const H = 60 * M;

/**
 * Delay before each retry (Standard Webhooks' suggested schedule, stretched):
 * 5 s, 5 min, 30 min, 2 h, 5 h, then every 10 h; 12 retries after the first
 * attempt span 77 h 35 min, more than 3 days.
 */
export const RETRY_SCHEDULE_MS: readonly number[] = [5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 10 * H, 10 * H, 10 * H, 10 * H, 10 * H, 10 * H];

/** The first attempt plus one per scheduled retry. */
export const WEBHOOK_MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1;

/** One attempt's time limit (connect, send, answer). */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** After `rotateWebhookSecret`, deliveries are signed with the old secret as well for this long, so receivers can switch without losing one. */
export const SECRET_ROTATION_GRACE_MS = 24 * H;
