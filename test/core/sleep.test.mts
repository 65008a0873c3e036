// abortableSleep: n8n-workflow's sleepWithAbort never removes its listener from the signal; the
// execution's shared signal must not collect one listener per wait (MaxListenersExceededWarning).
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, it } from 'node:test';

import { abortableSleep } from '../../nodes/core/api/sleep';

describe('abortableSleep', () => {
	it('leaves no listener on the signal after many waits', async () => {
		const controller = new AbortController();
		await Promise.all(Array.from({ length: 20 }, () => abortableSleep(1, controller.signal)));
		assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
	});

	it('still ends at once when the signal aborts, and then leaves no listener', async () => {
		const controller = new AbortController();
		const started = Date.now();
		const waiting = abortableSleep(60_000, controller.signal);
		controller.abort();
		await assert.rejects(waiting);
		assert.ok(Date.now() - started < 5_000, 'the wait ended when the signal aborted');
		assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
	});

	it('rejects at once on a signal that is already aborted', async () => {
		const controller = new AbortController();
		controller.abort();
		await assert.rejects(abortableSleep(60_000, controller.signal));
	});
});
