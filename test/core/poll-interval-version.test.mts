// Max Poll Interval left unset: 60 s on version-2 nodes, 15 s on version-1 nodes as saved (the
// poll schedule's figures for long jobs need the longer cap); a value the user set wins on both.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { readSubmitOptions } from '../../nodes/core/run/submitOptions';
import { readPollOptions } from '../../nodes/RunningHubWaitForTask/poll';

function context(typeVersion: number, options: Record<string, unknown>) {
	return {
		getNodeParameter: (name: string, _item: number, fallback: unknown) =>
			name === 'submitOptions' || name === 'options' ? options : name === 'maxWaitSeconds' ? 900 : fallback,
		getNode: () => ({ name: 'RunningHub', type: 'n8n-nodes-runninghub.runningHub', typeVersion, position: [0, 0], parameters: {} }),
		evaluateExpression: () => '',
	} as unknown as Parameters<typeof readSubmitOptions>[0];
}

describe('Max Poll Interval when not set, per node version', () => {
	for (const [version, seconds] of [[1, 15], [2, 60]]) {
		it(`version ${version}: ${seconds} s for Wait for Completion and for Wait for Task's Poll mode`, () => {
			assert.equal(readSubmitOptions(context(version, {}), 0).schedule.maxIntervalMs, seconds * 1000);
			assert.equal(readPollOptions(context(version, {}), 0).maxPollIntervalMs, seconds * 1000);
		});
		it(`version ${version}: a value that is set is kept`, () => {
			assert.equal(readSubmitOptions(context(version, { maxPollIntervalSeconds: 7 }), 0).schedule.maxIntervalMs, 7000);
			assert.equal(readPollOptions(context(version, { maxPollIntervalSeconds: 7 }), 0).maxPollIntervalMs, 7000);
		});
	}
});
