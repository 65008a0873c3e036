/**
 * Retry budgets. Transient failures (network, 5xx, unreadable answers) get a few quick retries.
 * Capacity refusals (queue full, concurrency limit, busy, HTTP 429) create nothing and cost
 * nothing, so they are retried for much longer: a batch larger than the key's concurrency
 * simply waits its turn instead of failing.
 */
export interface RetryPolicy {
	/** Attempts in all for transient failures. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** How long capacity refusals keep being retried. */
	capacityMaxWaitMs: number;
	capacityBaseDelayMs: number;
	capacityMaxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 5,
	baseDelayMs: 1_000,
	maxDelayMs: 16_000,
	capacityMaxWaitMs: 10 * 60_000,
	capacityBaseDelayMs: 1_000,
	capacityMaxDelayMs: 15_000,
};

/** Exponential backoff with equal jitter: half fixed, half random, so retries spread out. */
export function backoffDelay(
	kind: 'transient' | 'capacity',
	attempt: number,
	policy: RetryPolicy,
	random: () => number = Math.random,
): number {
	const base = kind === 'capacity' ? policy.capacityBaseDelayMs : policy.baseDelayMs;
	const cap = kind === 'capacity' ? policy.capacityMaxDelayMs : policy.maxDelayMs;
	const factor = kind === 'capacity' ? 1.5 : 2;
	const ceiling = Math.min(cap, base * factor ** (attempt - 1));
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now: number): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = String(Array.isArray(value) ? value[0] : value).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
