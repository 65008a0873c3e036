// The RunningHub node as an AI Agent's tool: what the model sees stays compact and bounded
// (MAX_TOOL_RESULT_BYTES, as n8n's agent builds it: JSON.stringify of the items' JSON), for any
// task result; nothing is downloaded; errors come back as text with their fix; version 1 keeps
// its first behaviour.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { apiError } from '../../nodes/core/api/errors';
import { compactToolJson, MAX_TOOL_RESULT_BYTES, toolErrorItems, toolItems } from '../../nodes/core/run/tool';
import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { assertNoKey, runRunningHub } from '../operations/support.mts';

/** What n8n's agent hands the model for a tool call. */
const seen = (items: INodeExecutionData[]) => JSON.stringify(items.map((i) => i.json));
const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');

const urlArb = fc
	.tuple(fc.webUrl({ withQueryParameters: true }), fc.string({ maxLength: 400 }), fc.constantFrom('png', 'mp4', 'mp3', 'glb', 'zip'))
	.map(([base, tail, ext]) => `${base}${encodeURIComponent(tail)}.${ext}`);
/** A version-2 task item as the node builds it, with everything that may make it big. */
const taskArb = fc.record(
	{
		taskId: fc.stringMatching(/^[0-9]{19}$/),
		status: fc.constantFrom('pending', 'succeeded', 'failed', 'cancelled'),
		outputs: fc.array(fc.record({ url: urlArb, type: fc.constantFrom('png', 'mp4', 'mp3') }), { maxLength: 60 }),
		imageUrls: fc.array(urlArb, { maxLength: 60 }),
		videoUrls: fc.array(urlArb, { maxLength: 20 }),
		texts: fc.array(fc.string({ maxLength: 3000, unit: 'grapheme' }), { maxLength: 10 }),
		cost: fc.double({ min: 0, max: 1000, noNaN: true }),
		currency: fc.constantFrom('CNY', 'USD', 'RH coins'),
		audioId: fc.stringMatching(/^[0-9]{18}$/),
		errorMessage: fc.string({ maxLength: 5000 }),
		raw: fc.dictionary(fc.string(), fc.string({ maxLength: 2000 })),
		failedReason: fc.dictionary(fc.string(), fc.string({ maxLength: 2000 })),
		modelName: fc.string({ maxLength: 300 }),
		faces: fc.array(fc.record({ id: fc.nat(), start: fc.nat(), end: fc.nat() }), { maxLength: 80 }),
	},
	{ requiredKeys: ['taskId', 'status'] },
);

describe('tool result: bounded for any task', () => {
	it(`stays under ${MAX_TOOL_RESULT_BYTES} bytes, keeps task ID and status, whole URLs only, no raw answer`, () => {
		fc.assert(
			fc.property(taskArb, (task) => {
				const json = task as unknown as IDataObject;
				const result = compactToolJson(json);
				const text = seen([{ json: result }]);
				assert.ok(byteLength(text) <= MAX_TOOL_RESULT_BYTES, `${byteLength(text)} bytes`);
				assert.equal(result.taskId, task.taskId);
				assert.equal(result.status, task.status);
				for (const key of ['raw', 'failedReason', 'outputs', 'usage']) assert.equal(result[key], undefined, key);
				const inputUrls = new Set([...(task.imageUrls ?? []), ...(task.videoUrls ?? [])]);
				for (const url of [...((result.imageUrls as string[]) ?? []), ...((result.videoUrls as string[]) ?? [])]) {
					assert.ok(inputUrls.has(url), `a URL is shown whole or not at all: ${url.slice(0, 80)}`);
				}
				if (task.cost !== undefined) assert.equal(result.cost, task.cost, 'the cost always fits');
				// Whatever was cut, the note says so; nothing is cut silently.
				const dropped = (task.imageUrls?.length ?? 0) - ((result.imageUrls as string[] | undefined)?.length ?? 0);
				if (dropped > 0) assert.match(String(result.note), /imageUrls/);
			}),
			{ numRuns: 300 },
		);
	});

	it('a long error or description (a ComfyUI traceback) never pushes the task ID out', () => {
		fc.assert(
			fc.property(fc.stringMatching(/^[0-9]{19}$/), fc.string({ maxLength: 6000 }), fc.string({ maxLength: 6000 }), (taskId, error, errorDescription) => {
				const result = compactToolJson({ error: `The RunningHub task failed: ${error}`, errorDescription, taskId, status: 'failed' });
				assert.equal(result.taskId, taskId);
				assert.equal(result.status, 'failed');
				assert.ok(byteLength(JSON.stringify(result)) <= MAX_TOOL_RESULT_BYTES);
			}),
			{ numRuns: 200 },
		);
	});

	it('leaves a result that fits as it is (minus RunningHub\'s records), without a note', () => {
		fc.assert(
			fc.property(fc.array(urlArb.filter((u) => u.length < 120), { maxLength: 3 }), fc.stringMatching(/^[0-9]{19}$/), (urls, taskId) => {
				const json: IDataObject = { taskId, status: 'succeeded', outputs: urls.map((url) => ({ url })), imageUrl: urls[0], imageUrls: urls, cost: 0.2, currency: 'CNY' };
				if (!urls.length) delete json.imageUrl;
				const result = compactToolJson(json);
				assert.deepEqual(result, { taskId, status: 'succeeded', ...(urls.length ? { imageUrls: urls } : { imageUrls: [] }), cost: 0.2, currency: 'CNY' });
			}),
		);
	});

	it('says how many outputs it did not list, and where to get them', () => {
		const urls = Array.from({ length: 200 }, (_, i) => `https://rh-files.example.com/output/${'x'.repeat(60)}-${i}.png`);
		const result = compactToolJson({ taskId: '1965432109876543210', status: 'succeeded', imageUrl: urls[0], imageUrls: urls });
		const shown = (result.imageUrls as string[]).length;
		assert.ok(shown > 5 && shown < 200, `${shown} shown`);
		assert.equal(result.note, `Shortened to stay under ${MAX_TOOL_RESULT_BYTES} bytes: ${200 - shown} more imageUrls not listed. Task → Get with the task ID returns the whole task.`);
	});

	it('bounds many items together, with a note for those not shown', () => {
		fc.assert(
			fc.property(fc.array(taskArb, { minLength: 1, maxLength: 40 }), (tasks) => {
				const items = toolItems(tasks.map((t, i) => ({ json: t as unknown as IDataObject, pairedItem: { item: i } })));
				assert.ok(byteLength(seen(items)) <= MAX_TOOL_RESULT_BYTES);
				if (items.length < tasks.length) assert.match(String(items[items.length - 1].json.note), /more results not shown/);
				// Every result shown names its task, however many share the budget.
				const shown = items.length < tasks.length ? items.slice(0, -1) : items;
				shown.forEach((item, i) => assert.equal(item.json.taskId, tasks[i].taskId, `item ${i} of ${tasks.length}`));
			}),
			{ numRuns: 100 },
		);
	});
});

describe('tool result: an unknown submit outcome', () => {
	const node = { id: '1', name: 'RunningHub', type: 'n8n-nodes-runninghub.runningHubTool', typeVersion: 2, position: [0, 0], parameters: {} } as never;
	it('whatever the message, the model is told first not to call again, with item, time and task ID, under the bound', () => {
		fc.assert(
			fc.property(
				fc.option(fc.stringMatching(/^[0-9]{19}$/), { nil: undefined }),
				fc.nat({ max: 500 }),
				fc.string({ maxLength: 6000 }),
				fc.date({ min: new Date('2020-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }),
				(taskId, itemIndex, serverMessage, at) => {
					const error = apiError(node, { endpoint: '/openapi/v2/x', taskId, itemIndex, serverMessage, httpCode: 502, unknownOutcome: { at: at.toISOString(), site: 'runninghub.cn' } });
					const items = toolErrorItems(error);
					const json = items[0].json;
					assert.ok(byteLength(seen(items)) <= MAX_TOOL_RESULT_BYTES);
					assert.equal(Object.keys(json)[taskId ? 1 : 0], 'instruction', 'the instruction leads (after the task ID)');
					assert.match(String(json.instruction), new RegExp(`^Do NOT call this tool again for this item\\. .* on runninghub\\.cn .* item ${itemIndex} around ${at.toISOString().replace(/\./g, '\\.')} \\(${taskId ? `task ID ${taskId}` : 'no task ID was returned'}\\)\\.$`));
					assert.equal(json.taskId, taskId);
					assert.equal(json.item, itemIndex);
					assert.deepEqual(items[0].pairedItem, { item: itemIndex });
				},
			),
			{ numRuns: 200 },
		);
	});
});

describe('the node as a tool, against the simulator', () => {
	const KEY = SIM_KEYS.aiShared;
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

	const tts = (extra: Record<string, unknown>, typeVersion = 2) =>
		runRunningHub({
			baseUrl: sim.url,
			apiKey: KEY,
			asTool: true,
			typeVersion,
			parameters: { resource: 'audio', operation: 'textToSpeech', text: 'Welcome to the show.', voiceId: 'oversea_male1', ...extra },
			input: [{ json: { toolCallId: 'call_1', text: 'ignored: parameters come from $fromAI' } }],
		});

	it('Text to Speech (version 2): task ID, status, audio URL and ID, cost; nothing downloaded', async () => {
		const { items } = await tts({});
		assert.equal(items.length, 1);
		const [item] = items;
		assert.equal(item.binary, undefined, 'no binary data');
		assert.equal(item.json.status, 'succeeded');
		assert.match(String(item.json.taskId), /^\d+$/);
		assert.match(String(item.json.audioId), /^\d+$/);
		const [audioUrl] = item.json.audioUrls as string[];
		assert.match(audioUrl, /^http/);
		assert.equal(typeof item.json.cost, 'number');
		assert.equal(item.json.outputs, undefined);
		assert.ok(byteLength(seen(items)) < MAX_TOOL_RESULT_BYTES);
		const fetched = sim.control.requests().filter((r: { path: string }) => audioUrl.endsWith(r.path));
		assert.deepEqual(fetched, [], 'the MP3 was not downloaded');
		assertNoKey(KEY, items);
	});

	it('a Stop is not turned into a result for the agent (it would call the tool again): the run ends', async () => {
		const stop = new AbortController();
		stop.abort();
		await assert.rejects(
			runRunningHub({
				baseUrl: sim.url,
				apiKey: KEY,
				asTool: true,
				typeVersion: 2,
				abortSignal: stop.signal,
				parameters: { resource: 'audio', operation: 'textToSpeech', text: 'Welcome to the show.', voiceId: 'oversea_male1' },
				input: [{ json: {} }],
			}),
		);
	});

	it('an explicit Download Outputs still downloads (the file stays in n8n; the model sees JSON only)', async () => {
		const { items } = await tts({ submitOptions: { downloadOutputs: true } });
		assert.equal(items[0].binary?.data?.mimeType, 'audio/mpeg');
		const [audioUrl] = items[0].json.audioUrls as string[];
		assert.ok(sim.control.requests().some((r: { path: string }) => audioUrl.endsWith(r.path)), 'the simulator records the download (so the test above can see none)');
		assert.ok(byteLength(seen(items)) < MAX_TOOL_RESULT_BYTES);
	});

	it('a bad value comes back as a result saying what is wrong and how to fix it, before any submit', async () => {
		const { items, recorder } = await tts({ voiceSpeed: 5 });
		assert.equal(items.length, 1);
		assert.ok(recorder.hints?.some((h) => h.type === 'warning' && h.message.startsWith('The agent was told: Speed: ')), 'the user sees the error too');
		const { error, errorDescription } = items[0].json as { error: string; errorDescription: string };
		assert.match(error, /^Speed: /);
		assert.match(`${error} ${errorDescription}`, /0\.8/);
		assert.deepEqual(sim.control.requests({ path: '/openapi/v2/kling-lip-sync/tts' }), [], 'nothing was submitted');
	});

	it('a failed task comes back with its task ID and RunningHub\'s reason', async () => {
		sim.control.scriptOutcome({ endpoint: 'kling-lip-sync/tts', fail: { errorMessage: 'The text could not be spoken' } });
		const { items } = await tts({});
		const json = items[0].json;
		if (json.error === undefined) assert.fail(`expected an error result, got ${seen(items)}`);
		assert.match(String(json.taskId), /^\d+$/);
		assert.match(String(json.error), /The text could not be spoken/);
		assert.ok(byteLength(seen(items)) < MAX_TOOL_RESULT_BYTES);
	});

	// A submit whose outcome is unknown may have created a paid task: the agent must not call again.
	for (const fault of [
		{ type: 'dropAfterProcess' },
		{ type: 'truncated' },
		{ type: 'errorAfterProcess', status: 502 },
		{ type: 'errorAfterProcess', status: 200, code: 9999, message: 'a code RunningHub never published' },
	] as const) {
		it(`an unknown submit outcome (${fault.type}${'status' in fault ? ` ${fault.status}` : ''}${'code' in fault ? ` code ${fault.code}` : ''}): told not to call again, with what identifies it`, async () => {
			sim.control.addFault({ path: '/openapi/v2/kling-lip-sync/tts', fault });
			const before = new Date().toISOString();
			const { items } = await tts({});
			const after = new Date().toISOString();
			assert.equal(items.length, 1);
			const json = items[0].json as IDataObject;
			assert.match(String(json.instruction), /^Do NOT call this tool again for this item\./);
			assert.match(String(json.instruction), /second/);
			assert.equal(json.outcome, 'unknown');
			assert.equal(json.item, 0);
			assert.ok(String(json.submittedAround) >= before && String(json.submittedAround) <= after, String(json.submittedAround));
			assert.match(String(json.instruction), new RegExp(`item 0 around ${String(json.submittedAround).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
			assert.equal(typeof json.site, 'string', 'the site to look on is named');
			assert.ok(!/before running this item again/i.test(seen(items)), 'no "check, then run again" advice for the model');
			const created = sim.control.tasks().map((t) => t.id);
			assert.equal(created.length, 1, 'one task, never a second');
			// A task ID is named when one is known, and is then the task created.
			if (json.taskId !== undefined) assert.equal(json.taskId, created[0]);
			else assert.match(String(json.instruction), /no task ID was returned/);
			assert.ok(byteLength(seen(items)) <= MAX_TOOL_RESULT_BYTES);
		});
	}

	it('version 1 keeps its first behaviour as a tool: full task, and errors are thrown', async () => {
		const { items } = await tts({}, 1);
		assert.equal(items[0].json.state, 'succeeded', 'the version-1 shape (status word and state)');
		assert.ok(Array.isArray(items[0].json.outputs));
		await assert.rejects(tts({ voiceSpeed: 5 }, 1), /Speed/);
	});
});
