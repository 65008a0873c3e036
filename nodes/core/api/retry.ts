/**
 * Retry budgets. Transient failures (network, 5xx, unreadable answers) get a few quick retries.
 * Capacity refusals (queue full, concurrency limit, busy, HTTP 429) create nothing and cost
 * nothing, so they are retried for much longer: a batch larger than the key's concurrency
 * simply waits its turn instead of failing.
 *
 * A request bound to a deadline (a poll inside Max Wait) is retried, whatever the failure kind,
 * until that deadline: an outage of the network or of RunningHub is waited out, and nothing
 * waits past the deadline. Every retry waits at least `minDelayMs`, whatever Retry-After says,
 * and no call sends more than `maxRequestsPerCall` requests.
 */
export interface RetryPolicy {
	/** Attempts in all for transient failures (requests without a deadline). */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** How long capacity refusals keep being retried (requests without a deadline). */
	capacityMaxWaitMs: number;
	capacityBaseDelayMs: number;
	capacityMaxDelayMs: number;
	/** The shortest wait before any retry: Retry-After 0, negative or in the past never means "at once". */
	minDelayMs: number;
	/** Requests one call may send in all, retries included, whatever the deadline. */
	maxRequestsPerCall: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 5,
	baseDelayMs: 1_000,
	maxDelayMs: 16_000,
	capacityMaxWaitMs: 10 * 60_000,
	capacityBaseDelayMs: 1_000,
	capacityMaxDelayMs: 15_000,
	minDelayMs: 500,
	maxRequestsPerCall: 1_000,
};

export type RetryKind = 'transient' | 'capacity';

/** Exponential backoff with equal jitter: half fixed, half random, so retries spread out. */
export function backoffDelay(
	kind: RetryKind,
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

/** Longer than any HTTP date format (RFC 9110 §5.6.7: IMF-fixdate, RFC 850, asctime). */
const MAX_HTTP_DATE_LENGTH = 64;

/**
 * Retry-After as seconds or an HTTP date, in ms and never negative; undefined when absent or
 * unreadable. Zero, a negative number or a past date read as 0: the caller's floor applies.
 */
export function parseRetryAfter(value: unknown, now: number): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = String(Array.isArray(value) ? value[0] : value).trim();
	if (/^-\d+(\.\d+)?$/.test(text)) return 0;
	if (/^\d+(\.\d+)?$/.test(text)) {
		const ms = Math.round(Number(text) * 1000);
		return Number.isFinite(ms) ? ms : undefined;
	}
	// Only a real HTTP date (29 characters, e.g. "Wed, 21 Oct 2015 07:28:00 GMT"; longer is no
	// date, and the length cap keeps the test linear): Date.parse also reads bare words and
	// numbers as dates.
	if (text.length > MAX_HTTP_DATE_LENGTH || !/^[a-z]{3}[^\d]*\d.*\d{4}/i.test(text)) return undefined;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The deadline of a wait of `maxWaitMs` that starts at `now` (a negative wait ends at once). */
export function deadlineAfter(now: number, maxWaitMs: number): number {
	return now + Math.max(0, maxWaitMs);
}

/** True once a deadline has come: nothing more may start. */
export function isPastDeadline(deadline: number | undefined, now: number): boolean {
	return deadline !== undefined && now >= deadline;
}

/** Where one call (a request and its retries) stands after a failed attempt. */
export interface RetryState {
	kind: RetryKind;
	/** Attempts made so far (1 after the first). */
	attempt: number;
	/** When the call started and the current time, on the transport's clock. */
	startedAt: number;
	now: number;
	/** What the server asked for, if anything (parseRetryAfter). */
	retryAfterMs?: number;
	/** Nothing may wait past this time (a poll inside Max Wait); undefined = the policy's budgets. */
	deadline?: number;
}

/** How long to wait before the next attempt, or undefined to give up now. */
export function nextRetryDelay(s: RetryState, policy: RetryPolicy, random: () => number = Math.random): number | undefined {
	if (s.attempt >= policy.maxRequestsPerCall) return undefined;
	let delay = Math.max(policy.minDelayMs, s.retryAfterMs ?? 0, backoffDelay(s.kind, s.attempt, policy, random));
	if (s.deadline !== undefined) {
		// A wait (backoff or Retry-After) longer than the time left is cut to the time left, for one
		// last attempt by the deadline, instead of giving up with time to spare; with less than the
		// floor left, no attempt could start in time.
		const left = s.deadline - s.now;
		if (left < policy.minDelayMs) return undefined;
		return Math.min(delay, left);
	}
	if (s.kind === 'transient') return s.attempt < policy.maxAttempts ? delay : undefined;
	const left = s.startedAt + policy.capacityMaxWaitMs - s.now;
	if (left <= 0) return undefined;
	delay = Math.min(delay, Math.max(left, policy.minDelayMs));
	return delay;
}
