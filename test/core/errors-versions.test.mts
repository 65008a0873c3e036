/**
 * The new error format changes words, not data: a version-1 and a version-2 node given the same
 * failing answer return error items with the same fields (`error`, `errorDescription`,
 * `errorCode`), the same headline and description, and the RunningHub code never as the HTTP
 * status (`httpCode` stays the real one). So the format needs no node version of its own.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import { runRunningHub, runRunningHubError } from '../operations/support.mts';

const ANSWER = JSON.stringify({ taskId: '', status: '', errorCode: '1007', errorMessage: 'WORKFLOW_NOT_EXISTS: workflow 1234 does not exist', results: null });
let server: Server;
let baseUrl = '';
let status = 200;

before(async () => {
	server = createServer((req, res) => {
		req.resume();
		req.on('end', () => res.writeHead(status, { 'content-type': 'application/json' }).end(ANSWER));
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((done) => server.close(() => done())));

const run = (typeVersion: number, continueOnFail: boolean) => ({
	baseUrl,
	apiKey: 'k'.repeat(32),
	typeVersion,
	continueOnFail,
	parameters: { resource: 'audio', operation: 'textToSpeech', text: 'Hello there.', voiceId: 'oversea_male1', waitForCompletion: false },
});

const HEADLINE = 'Workflow 1234 does not exist [item 0]';
const DESCRIPTION = [
	'Check the Workflow ID (from the workflow page URL) and that the key belongs to the same site.',
	'RunningHub code: 1007 (PARAMS_INVALID, a parameter failed validation).',
].join('\n');

describe('error items and errors of version 1 and 2 on the same failing answer', () => {
	it('the same fields and texts on both versions (Continue On Fail)', async () => {
		status = 200;
		const [v1, v2] = await Promise.all([1, 2].map(async (v) => (await runRunningHub(run(v, true))).items.map((i) => i.json)));
		assert.deepEqual(v1, [{ error: HEADLINE, errorDescription: DESCRIPTION, errorCode: '1007' }]);
		assert.deepEqual(v2, v1);
	});

	for (const http of [200, 400]) {
		it(`thrown on both versions: the code in its own fields, httpCode the real HTTP status (HTTP ${http})`, async () => {
			status = http;
			for (const v of [1, 2]) {
				const error = (await runRunningHubError(run(v, false))) as Error & { httpCode?: string | null; context?: Record<string, unknown> };
				assert.equal(error.message, HEADLINE);
				assert.equal(error.context?.runningHubCode, '1007');
				assert.equal(error.httpCode ?? null, http === 200 ? null : String(http), `version ${v}`);
			}
		});
	}
});
