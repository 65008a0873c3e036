/**
 * Downloads gone wrong: a body cut after some bytes (true Content-Length), a Content-Length that
 * lies (larger or smaller than the body), redirect chains longer than the limit or to file: and
 * ftp:, a file over Max Download Size, output file names with paths, `..` and control
 * characters, forged deliveries whose URLs point elsewhere (Trigger with Verify with API off,
 * Wait for Task on callback), and the speech of the one-step Lip Sync measured through resets.
 *
 * Every scenario also checks that no download request carried the API key (output URLs are CDN
 * links) and that no item carries a partial file.
 *
 * Deliberate: a Content-Length smaller than the body cannot be told from a whole file (HTTP ends
 * the body where the header says); the node keeps exactly the declared bytes and nothing hangs.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IBinaryData, IDataObject } from 'n8n-workflow';

import { WITHIN_BUDGET, fault, runItems, type ItemsRun, type Simulator, type Stage } from '../harness.mts';
import { PATH, callbackChain, rh, submitDirect, taskEnd, taskGet, triggerChain, tts, uploadParams, type Act, type DeliveryContext, type Scenario } from '../flows.mts';
import type { Expect, Outcome } from '../invariants.mts';

const DOWNLOAD = { downloadOutputs: true };

/** File requests never carry the API key or any Authorization header. */
function noKeyOnDownloads(sim: Simulator): void {
	const files = sim.control.requests().filter((r) => /^(\/cn)?\/files\//.test(r.route));
	if (!files.length) throw new Error('no file was requested');
	for (const r of files) {
		const headers = r.headers as Record<string, unknown>;
		if (headers.authorization !== undefined) throw new Error(`a download sent an Authorization header: ${r.path}`);
		if (Object.values(headers).some((v) => String(v).includes(sim.control.keys.aiShared))) throw new Error(`a download sent the API key: ${r.path}`);
		if (r.path.includes(sim.control.keys.aiShared)) throw new Error(`a download URL carries the API key: ${r.path}`);
	}
}

/** The sizes of the files RunningHub listed for the scenario's tasks, read once the flow is over. */
const fileSizes = new WeakMap<Simulator, number[]>();

/** Runs the flow, then (faults cleared) asks the simulator how large each output file really is. */
const sized =
	(act: Act): Act =>
	async (sim) => {
		const stages = await act(sim);
		sim.control.clearFaults();
		const urls = sim.control.tasks().flatMap((t) => (t.results ?? []).flatMap((r) => (r.url ? [r.url] : [])));
		const sizes = await Promise.all(urls.map(async (url) => Number((await fetch(url, { method: 'HEAD' })).headers.get('content-length'))));
		fileSizes.set(sim, sizes);
		return stages;
	};

/** Every binary on every item is whole: as large as a file of the task (less `short` bytes). */
const wholeBinaries =
	(short = 0) =>
	(stages: Stage[], sim: Simulator): void => {
		const sizes = fileSizes.get(sim) ?? [];
		for (const stage of stages) {
			if (stage.kind !== 'items') continue;
			for (const item of stage.outputs.flat()) {
				for (const meta of Object.values(item.binary ?? {}) as IBinaryData[]) {
					const bytes = meta.id ? stage.recorder.binaryStore.get(meta.id)?.length : Buffer.from(meta.data, 'base64').length;
					if (!sizes.some((size) => size - short === bytes)) throw new Error(`${stage.label}: a binary of ${bytes} bytes, the files have ${sizes.join(', ')}${short ? ` (less ${short})` : ''}`);
				}
			}
		}
	};

const checks =
	(...fns: Array<(stages: Stage[], sim: Simulator) => void>): Expect['more'] =>
	(stages, sim) => {
		for (const fn of fns) fn(stages, sim);
	};
const keyAndWhole = checks((_s, sim) => noKeyOnDownloads(sim), wholeBinaries());

const CUT: Outcome = { error: /output file "\d+_0\.mp3" of task \d+ could not be downloaded: the download broke off/, fix: /never passed on.*Task → Get \(task ID \d+\).*tried 5 times/s, binary: false };

// ---------------------------------------------------------------------------------------------
// Hostile names and forged deliveries.

// A URL's own `..` segments are resolved by every URL parser; these arrive %-encoded in one segment.
const HOSTILE_NAMES = ['../../../etc/cron.d/evil.mp4', 'x/..', 'a\\..\\..\\win.ini', 'clip\u0000\u0007\u001b[31m.mp4', 'report\u202egpj.exe', ' .hidden. '];

/** A task completed with outputs named as an attacker would, read with Task → Get and downloaded. */
const hostileNames = async (sim: Simulator): Promise<Stage[]> => {
	const [taskId] = await submitDirect(sim, 1, { durationMs: -1 });
	const results = HOSTILE_NAMES.map((name) => ({ url: sim.control.createFile({ ext: 'mp4', name }).url, outputType: 'mp4', text: null }));
	sim.control.completeTask(taskId, { results });
	return [await runItems('RunningHub', sim, { parameters: taskGet(DOWNLOAD), input: [{ json: { taskId } }] })];
};

function safeNames(stages: Stage[]): void {
	const stage = stages[0] as ItemsRun;
	const binary = stage.outputs[0]?.[0]?.binary ?? {};
	const names = Object.values(binary).map((b) => String(b.fileName));
	if (names.length !== HOSTILE_NAMES.length) throw new Error(`expected ${HOSTILE_NAMES.length} files, got ${names.length}`);
	for (const name of names) {
		// eslint-disable-next-line no-control-regex
		if (/[/\\\u0000-\u001f\u007f\u202e]/.test(name) || name === '..' || name === '.' || /^[\s.]|[\s.]$/.test(name)) throw new Error(`unsafe file name kept: ${JSON.stringify(name)}`);
	}
}

/** A server standing for an address n8n must not fetch (an internal service); counts its hits. */
async function trap(): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
	let hits = 0;
	const server: Server = createServer((_req, res) => {
		hits++;
		res.end('secret internal data');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}/internal/admin.mp4`, hits: () => hits, close: () => new Promise((r) => server.close(() => r())) };
}

const forgedOutputs = (url: string): IDataObject => ({ code: 0, msg: 'success', data: [{ fileUrl: url, fileType: 'mp4', taskCostTime: '1' }] });

/**
 * Trigger with Verify with API off and Download Outputs on: a forged "succeeded" for a running
 * task, with an output URL that points at the trap, arrives first; then the tasks finish.
 */
const forgedToTrigger = async (sim: Simulator): Promise<Stage[]> => {
	const internal = await trap();
	try {
		const deliver = async (s: Simulator, c: DeliveryContext) => {
			await s.control.deliver({ url: c.url, body: JSON.stringify(taskEnd(c.taskIds[0], forgedOutputs(internal.url))), headers: { 'content-type': 'application/json' } });
			for (const id of c.taskIds) s.control.completeTask(id);
		};
		const stages = await triggerChain({ triggerParameters: { verifyWithApi: false, options: DOWNLOAD }, deliver })(sim);
		if (internal.hits() !== 0) throw new Error(`n8n fetched the URL of a forged delivery ${internal.hits()} time(s)`);
		return stages;
	} finally {
		await internal.close();
	}
};

/**
 * The forged delivery's item either says why nothing was downloaded (RunningHub still reported
 * the task as running) or carries RunningHub's own file (the task had finished by the time it
 * was read again): which one depends on timing, never a fetch of the forged URL.
 */
function triggerDownloads(stages: Stage[]): void {
	const hook = stages.find((s) => s.kind === 'hook');
	if (!hook || hook.kind !== 'hook') throw new Error('no trigger stage');
	const items = hook.started.flat();
	for (const item of items) {
		const explained = /not succeeded, so nothing was downloaded/.test(String(item.json.downloadError ?? ''));
		if (!item.binary?.data && !explained) throw new Error(`an item has neither RunningHub's file nor a reason: ${JSON.stringify(item.json).slice(0, 400)}`);
	}
}

/** Wait for Task on callback: a forged callback with a trap URL; only RunningHub's URLs are fetched. */
const forgedToWait = async (sim: Simulator): Promise<Stage[]> => {
	const internal = await trap();
	try {
		const deliver = async (s: Simulator, c: DeliveryContext) => {
			await s.control.deliver({ url: c.url, body: JSON.stringify(taskEnd(c.taskIds[0], forgedOutputs(internal.url))), headers: { 'content-type': 'application/json' } });
			for (const id of c.taskIds) s.control.completeTask(id);
		};
		const stages = await callbackChain({ items: 1, waitParameters: { options: DOWNLOAD }, deliver })(sim);
		if (internal.hits() !== 0) throw new Error(`n8n fetched the URL of a forged callback ${internal.hits()} time(s)`);
		return stages;
	} finally {
		await internal.close();
	}
};

// ---------------------------------------------------------------------------------------------
// The one-step Lip Sync: the speech RunningHub made is measured after two paid steps.

const lipSyncParams = {
	resource: 'lipSync',
	operation: 'lipSync',
	videoSource: 'url',
	videoUrl: 'https://example.com/presenter.mp4',
	audioSource: 'text',
	// No item marker: the item's task ID is the last step's, not the speech task's.
	text: 'Hello from the one-step lip sync drill.',
	voiceId: 'AOT',
	waitForCompletion: true,
	submitOptions: { concurrency: 1 },
};

/** File → Upload from a URL on the simulator's file host (an input download). */
const uploadFromUrl =
	(uploadOptions: IDataObject = {}): Act =>
	async (sim) => {
		const { url } = sim.control.createFile({ ext: 'png', sizeBytes: 20_000 });
		return await rh(uploadParams(uploadOptions, { source: 'url', fileUrl: url }))(sim);
	};

/** The upload reached RunningHub with the whole file (the simulator's upload log). */
const uploadedWhole = (_stages: Stage[], sim: Simulator): void => {
	const uploads = sim.control.requests().filter((r) => r.route === PATH.upload);
	if (uploads.length !== 1) throw new Error(`${uploads.length} uploads, expected 1`);
};

const nothingUploaded = (_stages: Stage[], sim: Simulator): void => {
	if (sim.control.requests().some((r) => r.route === PATH.upload)) throw new Error('a file was uploaded');
};

export const DOWNLOADS: Scenario[] = [
	{
		name: 'download: body cut after 1000 bytes (true Content-Length), within the retry budget: retried, whole file',
		setup: (sim) => fault(sim, PATH.files, { type: 'cutBody', afterBytes: 1000 }, WITHIN_BUDGET),
		act: sized(tts(1, DOWNLOAD)),
		expect: { items: { binary: true }, submits: 1, more: keyAndWhole },
	},
	{
		name: 'download: body cut on every attempt: error names task and file, no partial binary',
		setup: (sim) => fault(sim, PATH.files, { type: 'cutBody', afterBytes: 1000 }, -1),
		act: sized(tts(1, DOWNLOAD)),
		expect: { items: CUT, submits: 1, more: keyAndWhole },
	},
	{
		name: 'download: body cut on every attempt, n8n filesystem binary mode: error, no partial binary',
		setup: (sim) => fault(sim, PATH.files, { type: 'cutBody', afterBytes: 1000 }, -1),
		act: sized(tts(1, DOWNLOAD, { binaryMode: 'filesystem' })),
		expect: { items: CUT, submits: 1, more: keyAndWhole },
	},
	{
		name: 'download: body cut at 0 bytes on every attempt: error, never a bare "aborted"',
		setup: (sim) => fault(sim, PATH.files, { type: 'cutBody', afterBytes: 0 }, -1),
		act: sized(tts(1, DOWNLOAD)),
		expect: { items: CUT, submits: 1 },
	},
	{
		name: 'download: Content-Length larger than the body, every attempt: error, no partial binary',
		setup: (sim) => fault(sim, PATH.files, { type: 'lyingLength', delta: 5000 }, -1),
		act: sized(tts(1, DOWNLOAD)),
		expect: { items: CUT, submits: 1, more: keyAndWhole },
	},
	{
		name: 'download: Content-Length larger than the body once: retried, whole file',
		setup: (sim) => fault(sim, PATH.files, { type: 'lyingLength', delta: 1 }, 1),
		act: sized(tts(1, DOWNLOAD, { binaryMode: 'filesystem' })),
		expect: { items: { binary: true }, submits: 1, more: keyAndWhole },
	},
	{
		name: 'download: Content-Length smaller than the body: the declared bytes are kept, nothing hangs',
		setup: (sim) => fault(sim, PATH.files, { type: 'lyingLength', delta: -1000 }, -1),
		act: sized(tts(1, DOWNLOAD)),
		expect: { items: { binary: true }, submits: 1, more: checks((_s, sim) => noKeyOnDownloads(sim), wholeBinaries(1000)) },
	},
	{
		name: 'download: 3 redirects before the file: followed, whole file',
		setup: (sim) => fault(sim, PATH.files, { type: 'redirect' }, 3),
		act: sized(tts(1, DOWNLOAD)),
		expect: { items: { binary: true }, submits: 1, more: keyAndWhole },
	},
	{
		name: 'download: endless redirect chain: error after the limit, no binary',
		setup: (sim) => fault(sim, PATH.files, { type: 'redirect' }, -1),
		act: sized(tts(1, DOWNLOAD)),
		expect: {
			items: { error: /could not be downloaded: the server sent more than 5 redirects/, fix: /Task → Get/, binary: false },
			submits: 1,
			more: (_s, sim) => {
				const hops = sim.control.requests().filter((r) => r.method === 'GET' && /^\/files\//.test(r.route)).length;
				if (hops !== 6) throw new Error(`the node made ${hops} file requests, expected 6 (the file and 5 redirects)`);
			},
		},
	},
	...['file:///etc/passwd', 'ftp://internal.example/out.mp4', 'gopher://127.0.0.1:6379/_FLUSHALL'].map(
		(location): Scenario => ({
			name: `download: redirect to ${location.split(':')[0]}: refused, no binary`,
			setup: (sim) => fault(sim, PATH.files, { type: 'redirect', location }, -1),
			act: sized(tts(1, DOWNLOAD)),
			expect: { items: { error: new RegExp(`redirect to a ${location.split(':')[0]}: address, which is not http\\(s\\)`), fix: /Task → Get/, binary: false }, submits: 1 },
		}),
	),
	{
		name: 'download: file over Max Download Size (announced): refused before reading, names the option',
		act: tts(1, { ...DOWNLOAD, maxDownloadSizeMb: 0.01 }),
		expect: { items: { error: /of task \d+ is [\d.]+ KB, over the limit of 10.3 KB \(Max Download Size\)/, fix: /Raise Max Download Size \(MB\).*0 = no limit/s, binary: false }, submits: 1 },
	},
	{
		name: 'download: Max Download Size 0 (no limit) and a file under the default: downloaded',
		act: sized(tts(1, { ...DOWNLOAD, maxDownloadSizeMb: 0 })),
		expect: { items: { binary: true }, submits: 1, more: keyAndWhole },
	},
	{
		name: 'download: Max Download Size that is not a number: item error before anything is paid',
		act: tts(1, { ...DOWNLOAD, maxDownloadSizeMb: 'lots' }),
		expect: { items: { error: /Max Download Size \(MB\): "lots" is not a number/ }, submits: 0 },
	},
	{
		name: 'download: output names with paths, "..", control and bidi characters: safe base names',
		act: hostileNames,
		expect: { items: { binary: true }, more: checks(safeNames, (_s, sim) => noKeyOnDownloads(sim)) },
	},
	{
		name: 'Trigger, Verify with API off, Download Outputs: URLs of a forged delivery are never fetched',
		act: forgedToTrigger,
		expect: { hook: { started: 2 }, submits: 2, more: triggerDownloads },
	},
	{
		name: 'Wait for Task callback, Download Outputs: URLs of a forged callback are never fetched',
		act: forgedToWait,
		expect: { stages: { 'Wait for Task (resumed by callback)': { binary: true } }, submits: 1, more: (_s, sim) => noKeyOnDownloads(sim) },
	},
	{
		name: 'one-step Lip Sync: resets while measuring the speech: retried, the item succeeds',
		setup: (sim) => fault(sim, PATH.files, { type: 'drop' }, WITHIN_BUDGET),
		act: rh(lipSyncParams),
		expect: { items: { json: { state: 'succeeded' } }, submits: 3 },
	},
	{
		name: 'one-step Lip Sync: speech body cut while measuring it: retried, the item succeeds',
		setup: (sim) => fault(sim, PATH.files, { type: 'cutBody', afterBytes: 100 }, 2),
		act: rh(lipSyncParams),
		expect: { items: { json: { state: 'succeeded' } }, submits: 3 },
	},
	{
		name: 'one-step Lip Sync: HTTP 503 while measuring the speech: retried, the item succeeds',
		setup: (sim) => fault(sim, PATH.files, { type: 'http', status: 503 }, WITHIN_BUDGET),
		act: rh(lipSyncParams),
		expect: { items: { json: { state: 'succeeded' } }, submits: 3 },
	},
	{
		name: 'File → Upload from a URL: body cut twice: retried, uploaded once',
		setup: (sim) => fault(sim, PATH.files, { type: 'cutBody', afterBytes: 500 }, 2),
		act: uploadFromUrl(),
		expect: { items: { json: { size: 20_000 } }, more: checks(uploadedWhole, (_s, sim) => noKeyOnDownloads(sim)) },
	},
	{
		name: 'File → Upload from a URL: Content-Length larger than the body every time: error, nothing uploaded',
		setup: (sim) => fault(sim, PATH.files, { type: 'lyingLength', delta: 100 }, -1),
		act: uploadFromUrl(),
		expect: { items: { error: /File URL: the file could not be downloaded: the download broke off after 19\.6 KB of 19\.7 KB/, fix: /Nothing was uploaded.*tried 5 times/s }, more: nothingUploaded },
	},
	{
		name: 'File → Upload from a URL: redirect to file:, and a file over Max Download Size: errors, nothing uploaded',
		setup: (sim) => fault(sim, PATH.files, { type: 'redirect', location: 'file:///etc/shadow' }, 1),
		act: async (sim) => [...(await uploadFromUrl()(sim)), ...(await uploadFromUrl({ maxDownloadSizeMb: 0.01 })(sim))],
		expect: {
			items: { error: /File URL: the file could not be downloaded: the server sent a redirect to a file: address/ },
			stages: { RunningHub: { error: /File URL: the file is 19\.6 KB, over the limit of 10\.3 KB \(Max Download Size\)/, fix: /Raise Max Download Size/ } },
			more: nothingUploaded,
		},
	},
];
