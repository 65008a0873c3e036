// A submit answered with a task status but no task ID (the short FAILED shape, e.g. 1013 or
// 1101): a task ran, so one may exist and be billed. The outcome is unknown: not re-sent, and the
// error says so, instead of "refused, run it again".
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { runRunningHubError } from './support.mts';

const TTS_PATH = '/openapi/v2/kling-lip-sync/tts';
let sim: Simulator;

before(async () => {
	sim = await startSimulator({ port: 0, taskDurationMs: 100, quiet: true });
});
after(async () => {
	await sim.close();
});
beforeEach(async () => {
	await sim.control.reset();
});

describe('a submit answered FAILED without a task ID', () => {
	for (const code of ['1013', '1101', '1000']) {
		it(`code ${code}: sent once, the error says the task may exist and how to check`, async () => {
			sim.control.addFault({ path: TTS_PATH, times: -1, fault: { type: 'http', status: 200, body: { status: 'FAILED', errorCode: code, errorMessage: 'input file problem', results: null } } });
			const error = await runRunningHubError({
				baseUrl: sim.url,
				apiKey: SIM_KEYS.aiShared,
				parameters: { resource: 'audio', operation: 'textToSpeech', text: 'Hello from n8n.' },
			});
			assert.match(error.message, /unknown whether the task was created/);
			assert.match(`${error.description ?? ''}`, /Account → Get/);
			assert.equal(sim.control.requests({ path: TTS_PATH }).length, 1);
		});
	}
});
