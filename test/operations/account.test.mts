// Account → Get against the simulator: the request built (lower-case `apikey` body field),
// balance, running tasks, key type and concurrency for each kind of key, the queue status
// missing on a site, errors for refused keys, continueOnFail, and no key in any output.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { assertNoKey, pairedOf, runRunningHub, runRunningHubError } from './support.mts';
import { assertRunningHubCode } from '../support/errors.mts';

let sim: Simulator;

const PARAMETERS = { resource: 'account', operation: 'get' };
const run = (apiKey: string, extra: { input?: Array<{ json: Record<string, unknown> }>; continueOnFail?: boolean; baseUrl?: string } = {}) =>
	runRunningHub({ baseUrl: extra.baseUrl ?? sim.url, apiKey, parameters: PARAMETERS, input: extra.input, continueOnFail: extra.continueOnFail });
const runError = (apiKey: string, baseUrl?: string) => runRunningHubError({ baseUrl: baseUrl ?? sim.url, apiKey, parameters: PARAMETERS });

before(async () => {
	sim = await startSimulator({ port: 0, taskDurationMs: 60_000, quiet: true });
});
after(async () => {
	await sim.close();
});
beforeEach(async () => {
	await sim.control.reset();
});

describe('Account → Get', () => {
	it('asks accountStatus with the key in the lower-case "apikey" field, and the queue status', async () => {
		await run(SIM_KEYS.aiShared);
		const [account] = sim.control.requests({ path: '/uc/openapi/accountStatus' });
		assert.equal(account.method, 'POST');
		assert.deepEqual(JSON.parse(account.body), { apikey: SIM_KEYS.aiShared });
		const [queue] = sim.control.requests({ path: '/openapi/v2/queue/status' });
		assert.equal(queue.method, 'GET');
		assert.equal(queue.headers.authorization, `Bearer ${SIM_KEYS.aiShared}`);
	});

	it('returns wallet, key type, running tasks and concurrency for an enterprise shared key', async () => {
		const { items } = await run(SIM_KEYS.aiShared);
		assert.equal(items.length, 1);
		assert.deepEqual(items[0].json, {
			remainCoins: null,
			remainMoney: '100000.000',
			currency: 'USD',
			runningTasks: 0,
			apiType: 'SHARED',
			keyType: 'Enterprise shared key (wallet; all APIs)',
			concurrencyLimit: 3,
			queue: { running: 0, queued: 0, total: 0 },
		});
		assert.deepEqual(items[0].pairedItem, { item: 0 });
		assertNoKey(SIM_KEYS.aiShared, items);
	});

	it('returns coins for a member key, and the .cn site works the same', async () => {
		const { items } = await run(SIM_KEYS.cnNormal, { baseUrl: sim.cnUrl });
		assert.equal(items[0].json.remainCoins, '177814');
		assert.equal(items[0].json.remainMoney, null);
		assert.equal(items[0].json.apiType, 'NORMAL');
		assert.match(String(items[0].json.keyType), /^Member key/);
	});

	it('labels an exclusive key', async () => {
		const { items } = await run(SIM_KEYS.aiExclusive);
		assert.equal(items[0].json.apiType, 'EXCLUSIVE');
		assert.match(String(items[0].json.keyType), /dedicated machines/);
	});

	it('counts running and queued tasks', async () => {
		sim.control.configure({ concurrencyLimit: 1, queueLimit: 3 });
		for (const text of ['a', 'b']) {
			const res = await fetch(`${sim.url}/openapi/v2/kling-lip-sync/tts`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${SIM_KEYS.aiShared}` },
				body: JSON.stringify({ text, voiceId: 'AOT', voiceLanguage: 'en' }),
			});
			assert.equal(res.status, 200);
		}
		const { items } = await run(SIM_KEYS.aiShared);
		assert.equal(items[0].json.runningTasks, 2);
		assert.equal(items[0].json.concurrencyLimit, 1);
		assert.deepEqual(items[0].json.queue, { running: 1, queued: 1, total: 2 });
	});

	it('leaves the concurrency fields out where the site has no queue status', async () => {
		sim.control.addFault({ path: '/openapi/v2/queue/status', times: -1, fault: { type: 'http', status: 404 } });
		const { items } = await run(SIM_KEYS.aiShared);
		assert.equal(items[0].json.apiType, 'SHARED');
		assert.equal('concurrencyLimit' in items[0].json, false);
		assert.equal('queue' in items[0].json, false);
	});

	it('answers once per input item, each paired', async () => {
		const { items } = await run(SIM_KEYS.aiShared, { input: [{ json: {} }, { json: {} }] });
		assert.deepEqual(pairedOf(items), [0, 1]);
	});

	it('fails with what to do for a refused key, without showing it', async () => {
		const bad = 'not0a0real0key0000000000000000xyz';
		const error = await runError(bad);
		assert.equal(error.constructor.name, 'NodeApiError');
		assert.equal(error.context?.runningHubCode, '802');
		assert.equal(error.message, 'The API key was rejected [item 0]');
		assertRunningHubCode(error, 802, 'APIKEY_UNAUTHORIZED');
		assert.match(String(error.description), /Site matches where the key was issued/);
		assertNoKey(bad, error);
	});

	it('refuses a key on the other site (a .cn key on .ai)', async () => {
		const error = await runError(SIM_KEYS.cnShared);
		assert.equal(error.context?.runningHubCode, '802');
		assertNoKey(SIM_KEYS.cnShared, error);
	});

	it('explains a free account (801)', async () => {
		const error = await runError(SIM_KEYS.aiFree);
		assert.equal(error.context?.runningHubCode, '801');
		assert.match(error.message, /Free accounts cannot use API keys/);
		assertNoKey(SIM_KEYS.aiFree, error);
	});

	it('returns error items with continueOnFail', async () => {
		const bad = 'not0a0real0key0000000000000000xyz';
		const { items } = await run(bad, { input: [{ json: {} }, { json: {} }], continueOnFail: true });
		assert.deepEqual(pairedOf(items), [0, 1]);
		assert.equal(items[0].json.errorCode, '802');
		assert.match(String(items[1].json.error), /\[item 1\]$/);
		assertNoKey(bad, items);
	});

	it('says the site cannot be reached, naming the item', async () => {
		const error = await runError(SIM_KEYS.aiShared, 'http://127.0.0.1:1');
		assert.equal(error.message, 'Could not reach RunningHub at http://127.0.0.1:1 [item 0]');
		assert.match(String(error.description), /Network error: ECONNREFUSED/);
	});
});
