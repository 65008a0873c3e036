/**
 * The poll schedule's cost and lateness (issue 19, point 4), on a fake clock: a job of length L
 * is RUNNING until L after the wait started, then SUCCESS. Polls = status requests; lateness =
 * when the wait saw SUCCESS minus when the job was ready. Speed lives in bench/waiting.mts; this
 * proves the schedule's figures, which do not depend on the machine.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

import { DEFAULT_POLL_SCHEDULE, type PollSchedule, firstPollAt, nextPollDelay, waitForTasks } from '../../nodes/core/tasks/wait.ts';
import { TASK_ID, scriptedClient, task } from './scripted.mts';
import { POLL_TARGETS, allowedLatenessMs, pollBound } from '../../bench/targets.mts';

/** Waits for one job of `jobMs`; each status request takes `latencyMs` on the wire. */
async function waitFor(jobMs: number, latencyMs = 0, schedule: PollSchedule = DEFAULT_POLL_SCHEDULE) {
	let readyAt = Infinity;
	let seenAt = Infinity;
	const s = scriptedClient((request, _n, now) => {
		const done = now + latencyMs >= readyAt;
		if (done) seenAt = Math.min(seenAt, now + latencyMs);
		return { status: 200, takesMs: latencyMs, body: task(done ? 'SUCCESS' : 'RUNNING') };
	});
	readyAt = s.now() + jobMs;
	const [outcome] = await waitForTasks(s.client, [{ taskId: TASK_ID, itemIndex: 0 }], { maxWaitMs: 2 * jobMs + 120_000, schedule });
	assert.equal(outcome.task?.state, 'succeeded', `job ${jobMs} ms finished within Max Wait`);
	return { polls: s.requests.length, latenessMs: seenAt - readyAt };
}

describe('poll schedule: polls and lateness per job length', () => {
	for (const { jobMs, maxPolls } of POLL_TARGETS) {
		it(`a ${jobMs / 1000} s job: at most ${maxPolls} polls, seen within max(1 s, 15%) of its end, for request times 0 to 300 ms`, async () => {
			for (const latencyMs of [0, 20, 50, 100, 200, 300]) {
				const { polls, latenessMs } = await waitFor(jobMs, latencyMs);
				assert.ok(polls <= maxPolls, `${latencyMs} ms requests: ${polls} polls > ${maxPolls}`);
				assert.ok(latenessMs <= allowedLatenessMs(jobMs), `${latencyMs} ms requests: seen ${latenessMs} ms late > ${allowedLatenessMs(jobMs)}`);
			}
		});
	}

	it('property: for any job of 1 s to 1 h, polls ≤ pollBound(L) and lateness ≤ max(1 s, 40% of L)', async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 1_000, max: 3_600_000 }), fc.integer({ min: 0, max: 300 }), async (jobMs, latencyMs) => {
				const { polls, latenessMs } = await waitFor(jobMs, latencyMs);
				assert.ok(polls <= pollBound(jobMs), `job ${jobMs} ms: ${polls} polls > ${pollBound(jobMs)}`);
				assert.ok(latenessMs <= Math.max(1_000, 0.4 * jobMs) + latencyMs, `job ${jobMs} ms: ${latenessMs} ms late`);
			}),
			{ numRuns: 300 },
		);
	});

	it('after answers slower than the interval, each poll still waits half the minimum interval after the previous answer', async () => {
		const sent: number[] = [];
		const s = scriptedClient((_request, n, now) => {
			sent.push(now);
			return { status: 200, takesMs: 5_000, body: task(n >= 6 ? 'SUCCESS' : 'RUNNING') };
		});
		const [outcome] = await waitForTasks(s.client, [{ taskId: TASK_ID, itemIndex: 0 }], { maxWaitMs: 600_000, schedule: DEFAULT_POLL_SCHEDULE });
		assert.equal(outcome.task?.state, 'succeeded');
		assert.ok(sent.length >= 3, `${sent.length} polls`);
		for (let i = 1; i < sent.length; i++) {
			const answered = sent[i - 1] + 5_000;
			assert.ok(sent[i] - answered >= DEFAULT_POLL_SCHEDULE.minIntervalMs / 2, `poll ${i + 1} sent ${sent[i] - answered} ms after the previous answer`);
		}
	});

	it('a 15 s cap (Max Poll Interval of version-1 nodes) bounds lateness by 15 s and costs more polls on long jobs', async () => {
		const capped = { ...DEFAULT_POLL_SCHEDULE, maxIntervalMs: 15_000 };
		const long = await waitFor(600_000, 0, capped);
		assert.ok(long.latenessMs <= 15_000);
		assert.ok(long.polls > (await waitFor(600_000)).polls);
	});
});

/** The schedule's points from `origin`, walked one by one: the first one after `now`. */
function naiveNextPoint(origin: number, now: number, schedule: PollSchedule): number {
	let at = origin + nextPollDelay(0, schedule);
	while (at <= now) at += nextPollDelay(at - origin, schedule);
	return at;
}

const schedules: fc.Arbitrary<PollSchedule> = fc.record({
	firstPollMs: fc.integer({ min: 1, max: 10_000 }),
	minIntervalMs: fc.integer({ min: 1, max: 5_000 }),
	maxIntervalMs: fc.integer({ min: 1_000, max: 300_000 }),
	ratio: fc.double({ min: 0.05, max: 1, noNaN: true }),
	steadyAfterMs: fc.integer({ min: 0, max: 60_000 }),
	steadyRatio: fc.double({ min: 0.05, max: 1, noNaN: true }),
});

describe('poll schedule counted from the submit (Wait for Task joining a task late)', () => {
	it('property: a wait that starts with the task polls at the schedule\'s first point', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 2 ** 40 }), schedules, (now, schedule) => {
				assert.equal(firstPollAt(now, now, schedule), now + nextPollDelay(0, schedule));
				// A submit time after the wait's start (another worker's clock) counts as the start.
				assert.equal(firstPollAt(now + 5_000, now, schedule), now + nextPollDelay(0, schedule));
			}),
		);
	});

	it('property: joining later, the first poll is the schedule\'s next point after now', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 1, max: 2 * 24 * 3600_000 }), schedules, (origin, lateMs, schedule) => {
				const now = origin + lateMs;
				const at = firstPollAt(origin, now, schedule);
				assert.equal(at, naiveNextPoint(origin, now, schedule));
				assert.ok(at > now);
			}),
			{ numRuns: 300 },
		);
	});

	it('a submit time years ago (a wrong date) costs no long loop and still gives a poll within the cap', () => {
		const now = Date.parse('2026-12-01T00:00:00Z');
		const at = firstPollAt(0, now);
		assert.ok(at > now && at - now <= DEFAULT_POLL_SCHEDULE.maxIntervalMs);
	});

	it('a fractional Max Poll Interval (1.0005 s: the cap rounds) with a submit time decades ago still costs no long loop', () => {
		const schedule: PollSchedule = { ...DEFAULT_POLL_SCHEDULE, maxIntervalMs: 1000.5 };
		const now = Date.parse('2026-12-01T00:00:00Z');
		const started = performance.now();
		const at = firstPollAt(0, now, schedule);
		assert.ok(at > now && at - now <= 1001, `${at - now} ms`);
		// Stepping one interval at a time from 1970 is about 1.8 billion steps; the jump is a few hundred.
		assert.ok(performance.now() - started < 1_000);
	});

	/**
	 * A job of `jobMs` submitted `lateMs` before Wait for Task started, as that node waits: one
	 * read at its start, then the polls (the first read is not counted as one, as in the bench).
	 */
	async function joinLate(jobMs: number, lateMs: number, latencyMs: number, tellSubmit = true) {
		let readyAt = Infinity;
		let seenAt = Infinity;
		const s = scriptedClient((_request, _n, now) => {
			const done = now + latencyMs >= readyAt;
			if (done) seenAt = Math.min(seenAt, now + latencyMs);
			return { status: 200, takesMs: latencyMs, body: task(done ? 'SUCCESS' : 'RUNNING') };
		});
		const submittedAt = s.now() - lateMs;
		readyAt = submittedAt + jobMs;
		const first = await s.client.query(TASK_ID, 0);
		const [outcome] = await waitForTasks(s.client, [{ taskId: TASK_ID, itemIndex: 0, task: first, submittedAt: tellSubmit ? submittedAt : undefined }], {
			maxWaitMs: 2 * jobMs + 120_000,
		});
		assert.equal(outcome.task?.state, 'succeeded');
		return { polls: s.requests.length - 1, latenessMs: Math.max(0, seenAt - readyAt) };
	}

	it('property: joining a running job up to 3 s after its submit keeps the polls and lateness targets of a wait that started with it', async () => {
		await fc.assert(
			fc.asyncProperty(fc.constantFrom(...POLL_TARGETS), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 0, max: 300 }), async ({ jobMs, maxPolls }, share, latencyMs) => {
				// Joined while the job still runs (a job that ended before is seen by the first read).
				const lateMs = Math.floor(share * Math.min(3_000, jobMs));
				const { polls, latenessMs } = await joinLate(jobMs, lateMs, latencyMs);
				assert.ok(polls <= maxPolls, `job ${jobMs} ms joined ${lateMs} ms late: ${polls} polls > ${maxPolls}`);
				assert.ok(latenessMs <= allowedLatenessMs(jobMs), `job ${jobMs} ms joined ${lateMs} ms late: seen ${latenessMs} ms late`);
			}),
			{ numRuns: 200 },
		);
	});

	it('without the submit time, a 10 s job joined 2 s late is seen later than the target (why the item carries it)', async () => {
		const unknown = await joinLate(10_000, 2_000, 0, false);
		const known = await joinLate(10_000, 2_000, 0);
		assert.ok(unknown.latenessMs > allowedLatenessMs(10_000), `${unknown.latenessMs} ms`);
		assert.ok(known.latenessMs <= allowedLatenessMs(10_000), `${known.latenessMs} ms`);
	});
});
