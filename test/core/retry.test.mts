import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DEFAULT_RETRY_POLICY, backoffDelay, parseRetryAfter } from '../../nodes/core/api/retry';
import { nextPollDelay } from '../../nodes/core/tasks/wait';

describe('backoffDelay', () => {
	it('grows exponentially for transient failures and stays within half..full of the ceiling', () => {
		for (let attempt = 1; attempt <= 6; attempt++) {
			const ceiling = Math.min(DEFAULT_RETRY_POLICY.maxDelayMs, DEFAULT_RETRY_POLICY.baseDelayMs * 2 ** (attempt - 1));
			assert.equal(backoffDelay('transient', attempt, DEFAULT_RETRY_POLICY, () => 0), Math.round(ceiling / 2));
			assert.equal(backoffDelay('transient', attempt, DEFAULT_RETRY_POLICY, () => 1), ceiling);
		}
	});

	it('caps capacity retries at the capacity maximum', () => {
		assert.equal(backoffDelay('capacity', 50, DEFAULT_RETRY_POLICY, () => 1), DEFAULT_RETRY_POLICY.capacityMaxDelayMs);
	});

	it('spreads retries with jitter', () => {
		const delays = new Set([0.1, 0.5, 0.9].map((r) => backoffDelay('transient', 3, DEFAULT_RETRY_POLICY, () => r)));
		assert.equal(delays.size, 3);
	});
});

describe('parseRetryAfter', () => {
	it('reads seconds and HTTP dates', () => {
		assert.equal(parseRetryAfter('3', 0), 3000);
		assert.equal(parseRetryAfter('0.5', 0), 500);
		const now = Date.parse('2026-11-25T12:00:00Z');
		assert.equal(parseRetryAfter('Wed, 25 Nov 2026 12:00:07 GMT', now), 7000);
	});

	it('ignores absent or unreadable values', () => {
		assert.equal(parseRetryAfter(undefined, 0), undefined);
		assert.equal(parseRetryAfter('', 0), undefined);
		assert.equal(parseRetryAfter('soon', 0), undefined);
	});
});

describe('nextPollDelay', () => {
	it('polls after 2 s, then at 40% of the time waited, 35% from 10 s on, within 0.8 s and the cap', () => {
		assert.equal(nextPollDelay(0), 2000);
		assert.equal(nextPollDelay(1_000), 800);
		assert.equal(nextPollDelay(5_000), 2000);
		assert.equal(nextPollDelay(10_000), 3500);
		assert.equal(nextPollDelay(60_000), 21_000);
		assert.equal(nextPollDelay(3_600_000), 60_000);
	});
});
