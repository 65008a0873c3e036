// Issue 12, items 13–17: IDs RunningHub cannot read are refused before any request; big integers
// (seeds up to 2^64-1) keep their digits end to end; webhook URL secrets never reach outputs or
// errors; error codes map without "(NaN)" or a business code posing as the HTTP status; a
// delivery that fails verification never takes a de-duplication slot.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { RunningHubClient } from '../../nodes/core/api/client';
import { apiError, redactUrlSecrets } from '../../nodes/core/api/errors';
import { MAX_ID, normaliseId } from '../../nodes/core/validation';
import { SUBMIT_OPTIONS } from '../../nodes/core/run/submitOptions';
import { RunningHub } from '../../nodes/RunningHub/RunningHub.node';
import { RunningHubTrigger } from '../../nodes/RunningHubTrigger/RunningHubTrigger.node';
import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { runNode, runNodeError } from '../model/support.mts';
import { createExecuteContext } from '../support/n8n.mts';
import { simCredentials, submitTask } from '../support/simtasks.mts';
import { callWebhook } from '../support/webhook.mts';
import { assertRunningHubCode } from '../support/errors.mts';

const KEY = SIM_KEYS.aiShared;
const BIG_SEED = '18446744073709551615';
const WF = '1950000000000000001';
const node = { getNode: () => ({ name: 'RunningHub', type: 'runningHub', typeVersion: 1, position: [0, 0], parameters: {}, id: 'n' }) } as unknown as IExecuteFunctions;

let sim: Simulator;
before(async () => {
	sim = await startSimulator({ port: 0, quiet: true, taskDurationMs: 20, concurrencyLimit: 50 });
});
after(async () => await sim.close());
beforeEach(async () => {
	await sim.control.reset();
	sim.control.configure({ taskDurationMs: 20, webhook: { retryBackoffMs: 20 } });
});

const rh = (parameters: Record<string, unknown>, input?: INodeExecutionData[]) => runNode({ baseUrl: sim.url, apiKey: KEY, parameters, input });
const rhError = (parameters: Record<string, unknown>, input?: INodeExecutionData[]) => runNodeError({ baseUrl: sim.url, apiKey: KEY, parameters, input });

// ---------------------------------------------------------------------------------------------
// 13. IDs.

describe('13. IDs RunningHub cannot read are refused before any request', () => {
	const idError = (value: unknown, itemIndex: number) => {
		try {
			normaliseId(node, value, 'Task ID', itemIndex);
		} catch (error) {
			return error as Error;
		}
		return undefined;
	};

	it('passes any decimal within int64 of 1 to 19 digits, as the same text', () => {
		fc.assert(
			fc.property(fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), fc.integer({ min: 0, max: 50 }), (n, item) => {
				assert.equal(normaliseId(node, String(n), 'Task ID', item), String(n));
				assert.equal(normaliseId(node, ` ${n}\t`, 'Task ID', item), String(n));
			}),
		);
	});

	it('refuses IDs above int64, longer IDs and non-decimal text, naming the parameter and item', () => {
		const above = fc.bigInt({ min: 2n ** 63n, max: 10n ** 19n - 1n }).map(String);
		const longer = fc.bigInt({ min: 10n ** 19n, max: 10n ** 40n }).map(String);
		const withZeros = fc.tuple(fc.integer({ min: 1, max: 10 }), fc.bigInt({ min: 10n ** 18n, max: 2n ** 63n - 1n })).map(([z, n]) => '0'.repeat(z) + String(n));
		const notDecimal = fc.string({ minLength: 1 }).filter((s) => !/^\s*\d+\s*$/.test(s) && s.trim() !== '');
		fc.assert(
			fc.property(fc.oneof(above, longer, withZeros, notDecimal), fc.integer({ min: 0, max: 50 }), (text, item) => {
				const error = idError(text, item);
				assert.ok(error, `"${text}" was accepted`);
				assert.match(error.message, new RegExp(`^Task ID: .* \\[item ${item}\\]$`, 's'));
				assert.match(String((error as { description?: string }).description), new RegExp(MAX_ID));
			}),
		);
	});

	it('names the int64 limit for 9999999999999999999 (the live 1007 case) and the length for 20 digits', () => {
		assert.match(String(idError('9999999999999999999', 2)?.message), /above 9223372036854775807.*\[item 2\]/);
		assert.match(String(idError('92233720368547758070', 0)?.message), /20 digits, at most 19/);
		assert.equal(normaliseId(node, MAX_ID, 'Task ID', 0), MAX_ID);
	});

	it('Task → Get, Cancel and Wait for Task send nothing for an out-of-range ID', async () => {
		for (const operation of ['get', 'cancel']) {
			const error = await rhError({ resource: 'task', operation, taskId: '9999999999999999999', options: {} });
			assert.match(error.message, /^Task ID: "9999999999999999999" is not a RunningHub ID: it is above 9223372036854775807/);
		}
		const workflow = await rhError({ resource: 'workflow', operation: 'getInputs', workflowId: '19500000000000000010' });
		assert.match(workflow.message, /^Workflow ID: .*20 digits/);
		assert.equal(sim.control.requests().length, 0, 'no request reached RunningHub');
	});

	it('the Trigger refuses a delivery whose taskId is out of range (400), without an API call', async () => {
		const { response, recorder } = await callWebhook(RunningHubTrigger, {
			parameters: { secret: 'exact-test-secret-0123456789abcdef', events: ['succeeded', 'failed'], verifyWithApi: true, options: {} },
			credentials: simCredentials(sim),
			body: {},
			rawBody: '{"event":"TASK_END","taskId":"9999999999999999999","eventData":"{\\"code\\":0,\\"data\\":[]}"}',
			query: { secret: 'exact-test-secret-0123456789abcdef' },
			nodeId: 'exact-range',
		});
		assert.equal(response.status, 400);
		assert.equal(recorder.requests.length, 0);
	});

	it('the simulator answers an out-of-range ID as the live API does', async () => {
		const client = new RunningHubClient(createExecuteContext(new RunningHub().description, { parameters: {}, credentials: simCredentials(sim) }).ctx);
		const error = (await client.query('9999999999999999999', 0).catch((e: unknown) => e)) as Error & { context: Record<string, unknown> };
		// RunningHub's own words (live: "failed to parse request body"), the code beside them.
		assert.equal(error.message, 'Failed to parse request body [item 0]');
		assertRunningHubCode(error, '1007', 'PARAMS_INVALID');
	});
});

// ---------------------------------------------------------------------------------------------
// 14. Big integers.

describe('14. seeds up to 2^64-1 keep their digits', () => {
	beforeEach(() => sim.control.configure({ variants: { bigIntegers: true } }));

	it('Workflow → Get Inputs lists the seed digit for digit (a number), and its Workflow JSON keeps it bare', async () => {
		const { items } = await rh({ resource: 'workflow', operation: 'getInputs', workflowId: WF, getInputsOptions: { includeWorkflowJson: true } });
		const nodes = items[0].json.nodes as Array<{ nodeId: string; fields: Array<{ fieldName: string; value: unknown; type: string }> }>;
		const seed = nodes.find((n) => n.nodeId === '3')?.fields.find((f) => f.fieldName === 'seed');
		assert.deepEqual(seed, { fieldName: 'seed', value: BIG_SEED, type: 'number' });
		const text = String(items[0].json.workflowJson);
		assert.match(text, /"seed":18446744073709551615[,}]/);
	});

	it('the Workflow JSON from Get Inputs and the seed as a Node Input are sent back exact', async () => {
		const { items } = await rh({ resource: 'workflow', operation: 'getInputs', workflowId: WF, getInputsOptions: { includeWorkflowJson: true } });
		await rh({
			resource: 'workflow',
			operation: 'run',
			workflowId: WF,
			nodeInputs: { input: [{ nodeId: '3', fieldName: 'seed', value: BIG_SEED }] },
			waitForCompletion: false,
			workflowOptions: { workflowJson: items[0].json.workflowJson },
			submitOptions: {},
		});
		const [sent] = sim.control.requests({ path: `/openapi/v2/run/workflow/${WF}` });
		assert.match(sent.body, /"fieldValue":"18446744073709551615"/);
		const workflow = String((JSON.parse(sent.body) as { workflow: string }).workflow);
		assert.match(workflow, /"seed":18446744073709551615[,}]/);
	});

	it('Get Webhook Delivery shows the seeds of the outputs in the event data exactly', async () => {
		const taskId = await submitTask(sim, { webhookUrl: `${sim.url}/__nowhere?secret=abcdefabcdefabcdef` });
		await sim.control.waitForTask(taskId);
		await new Promise((r) => setTimeout(r, 100));
		const delivery = await rh({ resource: 'task', operation: 'getWebhookDelivery', taskId });
		const eventData = delivery.items[0].json.eventData as { data: Array<{ seed: unknown }> };
		assert.equal(eventData.data[0].seed, BIG_SEED);
		assert.ok(!JSON.stringify(delivery.items).includes('abcdefabcdefabcdef'));
	});

	it('every RunningHub answer is read exactly: a bare seed in a task answer keeps its digits', async () => {
		const taskId = await submitTask(sim);
		await sim.control.waitForTask(taskId);
		const client = new RunningHubClient(createExecuteContext(new RunningHub().description, { parameters: {}, credentials: simCredentials(sim) }).ctx);
		const raw = await client.transport.request<IDataObject>({ path: '/openapi/v2/query', shape: 'task', body: { taskId }, taskId });
		assert.equal((raw.results as IDataObject[])[0].seed, BIG_SEED);
	});

	it('the Trigger keeps the seed of an eventData object (standard-model callbacks) in Include Delivery', async () => {
		sim.control.configure({ variants: { webhookEventData: 'object' } });
		const taskId = await submitTask(sim);
		await sim.control.waitForTask(taskId);
		const rawBody = `{"event":"TASK_END","taskId":"${taskId}","eventData":{"taskId":"${taskId}","status":"SUCCESS","errorCode":"","results":[{"url":"${sim.url}/files/x.mp3","outputType":"mp3","seed":${BIG_SEED}}]}}`;
		const { result } = await callWebhook(RunningHubTrigger, {
			parameters: { secret: 'exact-test-secret-0123456789abcdef', events: ['succeeded', 'failed'], verifyWithApi: true, options: { includeDelivery: true } },
			credentials: simCredentials(sim),
			body: JSON.parse(rawBody),
			rawBody,
			query: { secret: 'exact-test-secret-0123456789abcdef' },
			nodeId: 'exact-object',
		});
		const json = result.workflowData?.[0][0].json as IDataObject;
		assert.equal(json.state, 'succeeded');
		assert.equal(((json.delivery as IDataObject).results as IDataObject[])[0].seed, BIG_SEED);
	});
});

// ---------------------------------------------------------------------------------------------
// 15. Secrets.

describe('15. webhook URL secrets never reach outputs or errors', () => {
	it('hides the value of every ?secret= / &secret= (also URL-encoded), and nothing else', () => {
		fc.assert(
			fc.property(fc.stringMatching(/^[A-Za-z0-9_~.-]{1,40}$/), fc.constantFrom('?', '&'), (secret, sep) => {
				const url = `https://n8n.example.com/webhook/abc/runninghub${sep === '&' ? '?a=1&' : '?'}secret=${secret}`;
				const out = redactUrlSecrets(`delivery to ${url} failed; again ${encodeURIComponent(url)}`);
				assert.ok(!out.includes(`secret=${secret}`) && !out.includes(`secret%3D${secret}`), out);
				assert.ok(out.includes('runninghub'));
			}),
		);
		assert.equal(redactUrlSecrets('https://x.test/a?secret=&b=secret'), 'https://x.test/a?secret=&b=secret');
	});

	it('an API error that echoes the webhook URL does not show its secret', () => {
		const error = apiError(node.getNode(), { endpoint: '/task/openapi/create', code: 301, serverMessage: 'webhookUrl https://h.test/w?secret=abcdefabcdefabcdef unreachable', itemIndex: 0 });
		assert.ok(!`${error.message} ${error.description}`.includes('abcdefabcdefabcdef'), `${error.message} ${error.description}`);
	});

	it('a bad Webhook URL option is named in the error without its secret', async () => {
		const error = await rhError({ resource: 'audio', operation: 'textToSpeech', text: 'hi', voiceId: 'genshin_klee2', submitOptions: { webhookUrl: 'ftp://h.test/w?secret=abcdefabcdefabcdef' } });
		assert.match(error.message, /^Webhook URL: "ftp:\/\/h.test\/w\?secret=\*\*\*" is not an http\(s\) URL/);
		const resend = await rhError({ resource: 'task', operation: 'resendWebhook', taskId: '1965432109876543210', newWebhookUrl: 'ftp://h.test/w?secret=abcdefabcdefabcdef' });
		assert.ok(!resend.message.includes('abcdefabcdefabcdef'), resend.message);
	});

	it('RunningHub answers echoing a webhook URL come out of the transport without its secret', async () => {
		const taskId = await submitTask(sim);
		sim.control.addFault({
			path: '/openapi/v2/query',
			fault: { type: 'http', status: 200, body: { taskId, status: 'RUNNING', errorCode: '', results: null, webhookUrl: 'https://h.test/w?secret=abcdefabcdefabcdef', text: 'user text ?secret=kept' } },
		});
		const client = new RunningHubClient(createExecuteContext(new RunningHub().description, { parameters: {}, credentials: simCredentials(sim) }).ctx);
		const raw = await client.transport.request<IDataObject>({ path: '/openapi/v2/query', shape: 'task', body: { taskId }, taskId });
		assert.equal(raw.webhookUrl, 'https://h.test/w?secret=***');
		// Any answer string: RunningHub may echo the Webhook URL in errorMessage, a failure reason or a result's text.
		assert.equal(raw.text, 'user text ?secret=***', 'a ?secret= value is hidden in every answer string, not only under webhook keys');
	});

	it('the Webhook URL options are password fields (expressions still work: a description change only)', () => {
		const option = (SUBMIT_OPTIONS.options as Array<{ name: string; typeOptions?: IDataObject; type: string; default: unknown }>).find((o) => o.name === 'webhookUrl');
		assert.deepEqual([option?.type, option?.default, option?.typeOptions?.password], ['string', '', true]);
		const resend = new RunningHub().description.properties.find((p) => p.name === 'newWebhookUrl');
		assert.equal(resend?.typeOptions?.password, true);
	});
});

// ---------------------------------------------------------------------------------------------
// 16. Error mapping.

describe('16. error mapping', () => {
	const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

	it('code -1 (legacy upload: key missing or rejected) and the v2 upload\'s 401 have their own clear messages', async () => {
		sim.control.addFault({ path: '/uc/openapi/accountStatus', fault: { type: 'businessError', code: -1, message: 'ApiKey verification failed' } });
		const minusOne = await rhError({ resource: 'account', operation: 'get' });
		// "ApiKey verification failed" only spells the code's name: the code's meaning says more.
		assert.equal(minusOne.message, 'The API key is missing or was rejected [item 0]');
		assertRunningHubCode(minusOne, -1, 'APIKEY_VERIFICATION_FAILED');
		assert.match(String(minusOne.description), /Check the API key/);
		sim.control.configure({ variants: { v2UploadAuthCode: 401 } });
		const error = await runNodeError({
			baseUrl: sim.url,
			apiKey: 'sim-wrong-key-00000000000000000000',
			parameters: { resource: 'file', operation: 'upload', source: 'binary', binaryPropertyName: 'data', uploadOptions: {} },
			input: [{ json: {}, binary: { data: { data: PNG.toString('base64'), mimeType: 'image/png', fileName: 'a.png' } } }],
		});
		assert.match(error.message, /^ApiKey verification failed/);
		assertRunningHubCode(error, 401, 'UNAUTHORIZED');
		assert.match(String(error.description), /Check the API key/);
	});

	it('the simulator\'s legacy upload answers a bad key with code -1, as seen live', async () => {
		sim.control.configure({ variants: { legacyUploadAuthCode: -1 } });
		const form = new FormData();
		form.set('apiKey', 'wrong');
		form.set('file', new Blob([PNG]), 'a.png');
		const answer = (await (await fetch(`${sim.url}/task/openapi/upload`, { method: 'POST', body: form })).json()) as IDataObject;
		assert.deepEqual(answer, { code: -1, msg: 'ApiKey verification failed', data: null });
	});

	it('a v2-style error on a v1 endpoint never reads (NaN)', async () => {
		const v2Style = { taskId: '', status: '', errorCode: '1007', errorMessage: 'failed to parse request body' };
		sim.control.addFault({ path: '/task/openapi/cancel', fault: { type: 'http', status: 200, body: v2Style } });
		const error = await rhError({ resource: 'task', operation: 'cancel', taskId: '1965432109876543210' });
		assert.ok(!/NaN/.test(`${error.message} ${error.description}`), error.message);
		assert.equal(error.message, 'Failed to parse request body [item 0]');
		assertRunningHubCode(error, '1007', 'PARAMS_INVALID');
		sim.control.addFault({ path: '/uc/openapi/accountStatus', fault: { type: 'http', status: 200, body: { data: null } } });
		sim.control.addFault({ path: '/uc/openapi/accountStatus', times: 10, fault: { type: 'http', status: 200, body: { code: 'ERROR', msg: 'bad' } } });
		const noCode = await rhError({ resource: 'account', operation: 'get' });
		assert.ok(!/NaN/.test(`${noCode.message} ${noCode.description}`), noCode.message);
	});

	it('the simulator\'s v1 endpoints can answer an unreadable ID v2-style; the client maps it', async () => {
		sim.control.configure({ variants: { v1BadIdAnswer: 'v2' } });
		const client = new RunningHubClient(createExecuteContext(new RunningHub().description, { parameters: {}, credentials: simCredentials(sim) }).ctx);
		const error = (await client.cancel('9999999999999999999', 0).catch((e: unknown) => e)) as Error & { context: Record<string, unknown> };
		assert.equal(error.message, 'Failed to parse request body [item 0]');
		assertRunningHubCode(error, '1007', 'PARAMS_INVALID');
	});

	it('the HTTP code is never the business code', async () => {
		sim.control.addFault({ path: '/uc/openapi/accountStatus', fault: { type: 'businessError', code: 404 } });
		const error = (await rhError({ resource: 'account', operation: 'get' })) as Error & { httpCode?: string | null; context?: IDataObject };
		assert.notEqual(error.httpCode, '404');
		assert.equal(error.context?.runningHubCode, '404');
		const http = apiError(node.getNode(), { endpoint: '/x', code: '1003', httpCode: 429 });
		assert.equal(http.httpCode, '429');
		const ok200 = apiError(node.getNode(), { endpoint: '/x', code: 421 });
		assert.notEqual(ok200.httpCode, '421');
	});

	it('errorCode "0" on SUCCESS is success, on the submit answer, the query and the webhook', async () => {
		sim.control.configure({ variants: { successErrorCode: '0' } });
		const { items } = await rh({ resource: 'audio', operation: 'textToSpeech', text: 'hello there', voiceId: 'genshin_klee2', waitForCompletion: true, submitOptions: {} });
		assert.equal(items[0].json.state, 'succeeded', JSON.stringify(items[0].json));
		assert.equal(items[0].json.errorCode, undefined);
	});

	it('a query answer without its taskId ({"status":"FAILED","errorCode":"1000",...}) is that task, failed', async () => {
		const taskId = await submitTask(sim);
		await sim.control.waitForTask(taskId);
		sim.control.addFault({ path: '/openapi/v2/query', fault: { type: 'http', status: 200, body: { status: 'FAILED', errorCode: '1000', errorMessage: 'unknown error', results: null } } });
		const { items } = await runNode({ baseUrl: sim.url, apiKey: KEY, parameters: { resource: 'task', operation: 'get', taskId, options: {} } });
		assert.deepEqual([items[0].json.taskId, items[0].json.state, items[0].json.errorCode], [taskId, 'failed', '1000']);
	});
});

// ---------------------------------------------------------------------------------------------
// 17. Verification and de-duplication.

describe('17. a delivery that fails verification never takes a de-duplication slot', () => {
	const SECRET = 'exact-test-secret-0123456789abcdef';
	const deliverTo = (nodeId: string, staticData: IDataObject, taskId: string) =>
		callWebhook(RunningHubTrigger, {
			parameters: { secret: SECRET, events: ['succeeded', 'failed'], verifyWithApi: true, options: {} },
			credentials: simCredentials(sim),
			body: { event: 'TASK_END', taskId, eventData: JSON.stringify({ code: 0, msg: 'success', data: [] }) },
			query: { secret: SECRET },
			staticData,
			nodeId,
		});

	it('a delivery RunningHub does not (yet) know is ignored, and the real one later still starts the workflow', async () => {
		const taskId = await submitTask(sim);
		await sim.control.waitForTask(taskId);
		sim.control.addFault({ path: '/openapi/v2/query', fault: { type: 'businessError', code: '1004' } });
		sim.control.addFault({ path: '/task/openapi/outputs', fault: { type: 'businessError', code: 807 } });
		const staticData: IDataObject = {};
		const first = await deliverTo('exact-dedup', staticData, taskId);
		assert.equal((first.response.body as IDataObject).ignored, true);
		const second = await deliverTo('exact-dedup', staticData, taskId);
		assert.equal((second.response.body as IDataObject).duplicate, undefined, JSON.stringify(second.response.body));
		assert.equal(second.result.workflowData?.[0][0].json.taskId, taskId);
		const third = await deliverTo('exact-dedup', staticData, taskId);
		assert.equal((third.response.body as IDataObject).duplicate, true, 'a verified delivery does take the slot');
		assert.equal(third.recorder.requests.length, 0, 'and its copies cost no API call');
	});

	it('a copy that arrives while a delivery that will fail verification is checked is not dropped as its duplicate', async () => {
		const taskId = await submitTask(sim);
		await sim.control.waitForTask(taskId);
		// The first delivery's check is slow and ends in "unknown task"; the second's is normal.
		sim.control.addFault({ path: '/openapi/v2/query', fault: { type: 'delay', ms: 400 } });
		sim.control.addFault({ path: '/openapi/v2/query', fault: { type: 'businessError', code: '1004' } });
		sim.control.addFault({ path: '/task/openapi/outputs', fault: { type: 'businessError', code: 807 } });
		const staticData: IDataObject = {};
		const failing = deliverTo('exact-race', staticData, taskId);
		await new Promise((r) => setTimeout(r, 100));
		const genuine = await deliverTo('exact-race', staticData, taskId);
		assert.equal(((await failing).response.body as IDataObject).ignored, true);
		assert.equal(genuine.result.workflowData?.[0][0].json.taskId, taskId, JSON.stringify(genuine.response.body));
	});
});
