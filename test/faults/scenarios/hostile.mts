/**
 * Hostile input: values that must be refused with a clear error before any paid call. Each
 * scenario mixes a bad item with a good one where the input is per item (the good one must still
 * run), or runs with Continue On Fail off to prove that nothing at all reached RunningHub.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { binaryItem, marker, runItems, taskItems, type Simulator } from '../harness.mts';
import { MODEL, modelParams, rh, submitDirect, taskGet, ttsParams, uploadParams, waitPoll, workflowParams, type Scenario } from '../flows.mts';
import type { Expect, Outcome } from '../invariants.mts';

/** Nothing was sent to RunningHub (no submit, no upload, no task read; reading the key's free queue limits is allowed). */
const nothingSent: Expect['more'] = (_stages, sim) => {
	const sent = sim.control.requests().filter((r) => r.route !== '/openapi/v2/queue/status');
	if (sent.length) throw new Error(`requests reached RunningHub: ${sent.map((r) => `${r.method} ${r.route}`).join(', ')}`);
};

/** Item 0 gets the bad value, item 1 a good one. */
const firstBad =
	<T,>(bad: T, good: T) =>
	(i: number): T =>
		i === 0 ? bad : good;

const png = (bytes: number, property = 'data', fileName = 'portrait.png', mime = 'image/png'): INodeExecutionData => binaryItem(Buffer.alloc(bytes, 1), fileName, mime, property);
const MB = 1024 * 1024;

const model = (values: (i: number) => IDataObject, o: { input?: INodeExecutionData[]; continueOnFail?: boolean; items?: number } = {}) =>
	rh(modelParams(values), { items: 2, ...o });

const BAD_FIRST = (error: RegExp, fix?: RegExp): Outcome[] => [{ error, ...(fix ? { fix } : {}) }, {}];
const lipSync = (timings: IDataObject) => ({
	resource: 'lipSync',
	operation: 'createVideo',
	sessionId: '812345678901234567',
	faceId: '0',
	audioSource: 'audioId',
	audioId: '812345678901234568',
	...timings,
	waitForCompletion: false,
});

/** A 19-digit ID as an expression gives it when the source data held it as a JSON number: already rounded. */
const ROUNDED = Number('1965432109876543210');

export const HOSTILE: Scenario[] = [
	// Text over the limit.
	{
		name: 'hostile: Text to Speech text over 1000 characters: item error, the other item runs',
		act: rh(ttsParams({}, { text: firstBad('ab'.repeat(501), `${marker(1)}: fine`) }), { items: 2 }),
		expect: { items: BAD_FIRST(/Text: is 1002 characters long, 2 over the limit of 1000/, /Shorten the text/), submits: 1 },
	},
	{
		name: 'hostile: text over the limit with Continue On Fail off: the node fails, nothing is sent',
		act: rh(ttsParams({}, { text: firstBad('😀'.repeat(1001), 'fine') }), { items: 2, continueOnFail: false }),
		expect: { throws: { item: 0, error: /Text: is 1001 characters long/, fix: /at most 1000 characters/ }, more: nothingSent },
	},
	{
		name: 'hostile: model prompt over its maximum length: item error names the field',
		act: model(firstBad({ prompt: 'x'.repeat(2501) }, {})),
		expect: { items: BAD_FIRST(/Prompt \(prompt\)/), submits: 1 },
	},

	// URLs that are not http(s).
	{
		name: 'hostile: Webhook URL that is not http(s) on the first item: item error, the other item runs',
		act: rh(ttsParams({}, { submitOptions: firstBad({ concurrency: 1, webhookUrl: 'ftp://example.com/hook' }, { concurrency: 1 }) }), { items: 2 }),
		expect: { items: BAD_FIRST(/Webhook URL: "ftp:\/\/example\.com\/hook" is not an http\(s\) URL/), submits: 1 },
	},
	{
		name: 'hostile: Webhook URL that is not http(s) on the second item: item error, the other item runs',
		act: rh(ttsParams({}, { submitOptions: (i: number) => ({ concurrency: 1, ...(i === 1 ? { webhookUrl: 'javascript:alert(1)' } : {}) }) }), { items: 2 }),
		expect: { items: [{}, { error: /Webhook URL: "javascript:alert\(1\)" is not an http\(s\) URL/ }], submits: 1 },
	},
	{
		// data: URIs are accepted on purpose: RunningHub's media fields take them.
		name: 'hostile: model image URL with file:// and ftp:// schemes: item errors name the field',
		act: model((i) => ({ imageUrl: ['file:///etc/passwd', 'ftp://example.com/a.png', 'https://example.com/a.png'][i] }), { items: 3 }),
		expect: { items: [{ error: /Image URL \(imageUrl\)/ }, { error: /Image URL \(imageUrl\)/ }, {}], submits: 1 },
	},
	{
		name: 'hostile: File → Upload from a URL that is not http(s): item error, nothing fetched',
		act: rh(uploadParams({}, { source: 'url', fileUrl: 'file:///etc/shadow' }), { items: 1 }),
		expect: { items: { error: /File URL: "file:\/\/\/etc\/shadow" is not an http\(s\) URL/ }, more: nothingSent },
	},

	// Timing values out of range or not numbers.
	{
		name: 'hostile: RunningHub node Max Wait that is not a number: item error names it',
		act: rh(ttsParams({}, { submitOptions: firstBad({ concurrency: 1, maxWaitSeconds: 'soon' }, { concurrency: 1 }) }), { items: 2 }),
		expect: { items: BAD_FIRST(/Max Wait \(Seconds\): "soon" is not a number/), submits: 1 },
	},
	{
		name: 'hostile: RunningHub node Max Wait and Max Poll Interval out of range: item errors name them',
		act: rh(ttsParams({}, { submitOptions: (i: number) => [{ concurrency: 1, maxWaitSeconds: -5 }, { concurrency: 1, maxPollIntervalSeconds: 9000 }, { concurrency: 1 }][i] }), { items: 3 }),
		expect: { items: [{ error: /Max Wait \(Seconds\): -5 is out of range/ }, { error: /Max Poll Interval \(Seconds\): 9000 is out of range/ }, {}], submits: 1 },
	},
	{
		name: 'hostile: RunningHub node Concurrency that is not a whole number: error before anything is sent',
		act: rh(ttsParams({ concurrency: 2.5 }), { items: 2, continueOnFail: false }),
		expect: { throws: { item: 0, error: /Concurrency: 2\.5 is not a whole number/, fix: /whole number from 0 to 50/ }, more: nothingSent },
	},
	{
		name: 'hostile: Wait for Task Max Wait that is not a number: every item fails, nothing is polled',
		act: waitPoll(async (sim) => taskItems(await submitDirect(sim, 2)), { maxWaitSeconds: 'ten' }),
		expect: { items: { output: 1, error: /Max Wait \(Seconds\): "ten" is not a number/ } },
	},
	{
		name: 'hostile: Wait for Task Max Wait out of range with Continue On Fail off: the node fails',
		act: waitPoll(async (sim) => taskItems(await submitDirect(sim, 1)), { maxWaitSeconds: -1 }, { continueOnFail: false }),
		expect: { throws: { item: 0, error: /Max Wait \(Seconds\): -1 is out of range/, fix: /Enter a value from 1 to/ } },
	},
	{
		name: 'hostile: Wait for Task Time Limit that is not a number: every item fails, nothing is parked',
		act: async (sim) => [
			await runItems('RunningHub Wait for Task', sim, {
				parameters: { mode: 'callback', timeLimitMinutes: 'an hour' },
				input: taskItems(await submitDirect(sim, 2)),
			}),
		],
		expect: { items: { error: /Time Limit \(Minutes\): "an hour" is not a number/ } },
	},
	{
		name: 'hostile: Text to Speech speed out of range and not a number: item errors name it',
		act: rh(ttsParams({}, { voiceSpeed: (i: number) => ['fast', 7, 1.2][i] }), { items: 3 }),
		expect: { items: [{ error: /Speed: "fast" is not a number/ }, { error: /Speed: 7 is out of range/ }, {}], submits: 1 },
	},
	{
		name: 'hostile: lip-sync timings not a number and out of range: item errors name them, nothing sent',
		act: rh(lipSync({ soundStartTime: (i: number) => ['soon', 0][i], soundInsertTime: (i: number) => [0, 99_999_999][i] }), { items: 2 }),
		expect: { items: [{ error: /Sound Start Time.*"soon" is not a number/ }, { error: /Sound Insert Time.*99999999 is out of range/ }], more: nothingSent },
	},

	// Missing or wrong binary properties; binaries larger than RunningHub accepts.
	{
		name: 'hostile: File → Upload binary property missing: item error names the ones there are',
		act: rh(uploadParams({}, { binaryPropertyName: 'photo' }), { input: [png(100, 'data'), { json: {} }] }),
		expect: { items: [{ error: /Input Binary Field: the input item has no binary property "photo"/, fix: /Binary properties on this item: data/ }, { error: /no binary property "photo"/, fix: /no binary data/ }], more: nothingSent },
	},
	{
		name: 'hostile: model binary: reference to a missing property: item error, the other item runs',
		act: model(firstBad({ imageUrl: 'binary:photo' }, {}), { input: [png(100), png(100)] }),
		expect: { items: BAD_FIRST(/names no binary property/, /binary:data/), submits: 1 },
	},
	{
		name: 'hostile: model binary: reference to a file of the wrong type: item error names the accepted types',
		act: model(firstBad({ imageUrl: 'binary:data' }, {}), { input: [png(100, 'data', 'notes.txt', 'text/plain'), png(100)] }),
		expect: { items: BAD_FIRST(/Image URL \(imageUrl\)/), submits: 1 },
	},
	{
		name: 'hostile: model binary larger than the field accepts (11 MB > 10 MB): item error, nothing uploaded',
		act: model(firstBad({ imageUrl: 'binary:data' }, {}), { input: [png(11 * MB), png(100)] }),
		expect: {
			items: BAD_FIRST(/Image URL \(imageUrl\) is 11 MB \(binary:data\); the maximum is 10 MB/),
			submits: 1,
			more: (_stages, sim: Simulator) => {
				if (sim.control.requests().some((r) => r.route.includes('upload'))) throw new Error('the oversized file was uploaded');
			},
		},
	},
	{
		name: 'hostile: model binary larger than the field accepts, n8n filesystem binary mode: same error',
		act: rh(modelParams(() => ({ imageUrl: 'binary:data' })), { input: [png(11 * MB)], binaryMode: 'filesystem' }),
		expect: { items: { error: /is 11 MB \(binary:data\); the maximum is 10 MB/ }, more: nothingSent },
	},
	{
		name: 'hostile: workflow node input binary: reference to a missing property: item error',
		act: rh({ ...workflowParams(), nodeInputs: { input: [{ nodeId: '10', fieldName: 'image', value: 'binary:photo' }] } }, { input: [png(100)] }),
		expect: { items: { error: /binary:photo.*names no binary property|names no binary property.*binary:photo/ }, more: nothingSent },
	},

	// Catalogue fields of the wrong type.
	{
		name: 'hostile: catalogue fields of the wrong type (list, int, text): item errors name the field',
		act: model((i) => [{ resolution: 123 }, { seed: 'lucky' }, { duration: { seconds: 5 } }, { prompt: ['a', 'b'] }, {}][i], { items: 5 }),
		expect: {
			items: [{ error: /Resolution \(resolution\)/ }, { error: /Seed \(seed\)/ }, { error: /Duration \(duration\)/ }, { error: /Prompt \(prompt\)/ }, {}],
			submits: 1,
		},
	},
	{
		name: 'hostile: model that is not in the catalogue: item error suggests close ones',
		act: rh({ ...modelParams(), model: { __rl: true, mode: 'id', value: `${MODEL}-pro-max` } }, { items: 1 }),
		expect: { items: { error: /is not a RunningHub standard model this node knows/, fix: /Did you mean/ }, more: nothingSent },
	},

	// 19-digit IDs that an expression turned into numbers.
	{
		name: 'hostile: 19-digit task ID given as a number to Task → Get: item error explains the rounding',
		act: rh(taskGet(), { input: taskItems([ROUNDED]) }),
		expect: { items: { error: /Task ID: the ID arrived as the number .* too large to be exact/, fix: /Pass the ID as text/ }, more: nothingSent },
	},
	{
		name: 'hostile: 19-digit task ID given as a number to Wait for Task: Failed output, the other item waits',
		act: waitPoll(async (sim) => taskItems([ROUNDED, ...(await submitDirect(sim, 1))])),
		expect: { items: [{ output: 1, error: /too large to be exact/ }, { output: 0 }] },
	},
	{
		name: 'hostile: 19-digit workflow ID given as a number: item error before anything is sent',
		act: rh(workflowParams(ROUNDED), { items: 1 }),
		expect: { items: { error: /Workflow ID: the ID arrived as the number/ }, more: nothingSent },
	},
	{
		name: 'hostile: task ID that is not an ID (text, negative): item errors',
		act: rh(taskGet(), { input: taskItems(['12345; DROP TABLE tasks', '-1']) }),
		expect: { items: { error: /Task ID: ".*" is not a RunningHub ID/ }, more: nothingSent },
	},
	{
		name: 'hostile: 50 items, 3 of them bad: every item ends as exactly one output or error item',
		setup: (sim) => void sim.control.configure({ concurrencyLimit: 50 }),
		act: rh(ttsParams({ concurrency: 10 }, { waitForCompletion: false, text: (i: number) => (i % 17 === 5 ? '' : `${marker(i)}: ok`) }), { items: 50 }),
		expect: { items: Array.from({ length: 50 }, (_, i): Outcome => (i % 17 === 5 ? { error: /Text: is empty/ } : {})), submits: 47 },
	},
];
