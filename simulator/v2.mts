// v2 API (Bearer auth): standard-model submits for every catalogue endpoint (plus the
// hand-made lip-sync rules), query, binary upload, workflow/app runs and queue status.
import { randomHex } from './ids.mjs';
import { isInt64Id } from './json.mjs';
import { v2Error, v2HttpStatus, v2Plain, V1_CODES, type V2Body } from './envelopes.mjs';
import { bearer, bodyObj, drain, json, type Ctx, type Reply } from './http.mjs';
import { authenticate, type KeyInfo } from './keys.mjs';
import { planLipSync } from './lipsync.mjs';
import { contentTypeFor, extFromContentType } from './media.mjs';
import { MODELS, outputExt, validateModelBody, type ModelSpec } from './models.mjs';
import { readMultipart } from './multipart.mjs';
import { graphProducer, modelProducer, v2TaskBody } from './results.mjs';
import { INSTANCE_TYPES, personalQueueOf, refused, webhookOf } from './submit.mjs';
import { counts, submitTask } from './tasks.mjs';
import {
	APPS,
	WORKFLOWS,
	checkNodeInfoList,
	graphOutputs,
	parseGraph,
	type AppField,
	type Graph,
} from './workflows.mjs';

/** A v2 error reply (HTTP 200 unless the v2ErrorHttpStatus variant maps it). */
export function v2Fail(ctx: Pick<Ctx, 'state'>, code: string | number, message?: string): Reply {
	const body = v2Error(code, message);
	if (ctx.state.config.variants.bilingualMessages) body.errorMessage = `${body.errorMessage} | 错误`;
	return json(
		body,
		ctx.state.config.variants.v2ErrorHttpStatus ? v2HttpStatus(body.errorCode) : 200,
	);
}

function auth(ctx: Ctx): KeyInfo | Reply {
	const a = authenticate(bearer(ctx), ctx.site);
	if (a.ok) return a.info;
	return v2Fail(
		ctx,
		'1002',
		a.reason === 'free'
			? 'APIKEY_UNSUPPORTED_FREE_USER: free accounts cannot use API keys'
			: undefined,
	);
}

const isReply = (x: KeyInfo | Reply): x is Reply => 'status' in x;

const fundsMessage =
	'Insufficient balance: wallet balance is not enough to run this task (余额不足)';

/** POST /openapi/v2/<endpoint> for a catalogue model. */
export async function modelSubmit(ctx: Ctx, model: ModelSpec): Promise<Reply> {
	const ep = model.endpoint;
	const key = auth(ctx);
	if (isReply(key)) return refused(ctx, ep, '1002', 'unauthorized', key);
	if (key.apiType !== 'SHARED')
		return refused(ctx, ep, '1014', `${key.apiType} key`, v2Fail(ctx, '1014'));
	if (ctx.bodyError)
		return refused(
			ctx,
			ep,
			'1007',
			ctx.bodyError,
			v2Fail(ctx, '1007', `Parameter validation failed: ${ctx.bodyError}`),
		);
	const body = bodyObj(ctx);
	const invalid = validateModelBody(model, ctx.body);
	const lip = invalid ? null : await planLipSync(ctx.state, ep, key.key, body);
	const err = invalid ?? lip?.error;
	if (err)
		return refused(
			ctx,
			ep,
			'1007',
			err.message,
			v2Fail(ctx, '1007', `Parameter validation failed: ${err.message}`),
		);

	const honoursWebhook = ctx.state.config.variants.webhookOnStandardModels;
	const adm = submitTask(ctx.state, {
		key,
		site: ctx.site,
		api: 'v2',
		endpoint: ep,
		kind: 'model',
		body,
		webhookUrl: honoursWebhook ? webhookOf(body) : null,
		price: model.price,
		produce:
			lip?.produce ??
			modelProducer(ctx.state, ep, model.outputType, outputExt(model.outputType), body),
		plannedFailure: lip?.failure,
	});
	if (!adm.ok) {
		return adm.reason === 'funds'
			? refused(ctx, ep, '1000', 'insufficient funds', v2Fail(ctx, '1000', fundsMessage))
			: refused(ctx, ep, '1520', 'concurrency limit', v2Fail(ctx, '1520'));
	}
	return json(v2TaskBody(adm.task, ctx.state.config.variants));
}

/** POST /openapi/v2/query */
export function query(ctx: Ctx): Reply {
	const key = auth(ctx);
	if (isReply(key)) return key;
	if (ctx.bodyError) return v2Fail(ctx, '1007', `Parameter validation failed: ${ctx.bodyError}`);
	const id = bodyObj(ctx).taskId;
	if (id === undefined || id === null || id === '')
		return v2Fail(ctx, '1007', 'Parameter validation failed: taskId is required');
	// The server reads task IDs as Java longs: anything else fails to parse (live shape, docs/runninghub-api.md §19).
	if (!isInt64Id(id)) return json({ taskId: '', status: '', errorCode: '1007', errorMessage: 'failed to parse request body' });
	const task = ctx.state.tasks.get(String(id));
	const variants = ctx.state.config.variants;
	if (!task || task.key !== key.key || (variants.v2QueryMissesV1Created && task.endpoint === '/task/openapi/create')) {
		const reply =
			variants.queryUnknownShape === 'failedLive'
				? json({ taskId: '', status: 'FAILED', errorCode: '1004', errorMessage: 'Task not found or expired', results: null })
				: v2Fail(ctx, '1004');
		return ctx.state.config.variants.queryUnknownHttp404 ? { ...reply, status: 404 } : reply;
	}
	const body = v2TaskBody(task, ctx.state.config.variants) satisfies V2Body;
	if (task.status === 'FAILED' && ctx.state.config.variants.queryFailedShape === 'short') {
		return json({ status: body.status, errorCode: body.errorCode, errorMessage: body.errorMessage, results: null });
	}
	return json(body);
}

const plain = (
	ctx: Ctx,
	code: number,
	message: string,
	data: unknown = null,
	status = 200,
): Reply => json(v2Plain(code, message, data, ctx.state.config.variants.uploadMessageKey), status);

function mediaType(ext: string, mime: string): string {
	if (/^(png|jpe?g|webp|gif|bmp|tiff?)$/.test(ext) || mime.startsWith('image/')) return 'image';
	if (/^(mp4|mov|avi|mkv|webm)$/.test(ext) || mime.startsWith('video/')) return 'video';
	if (/^(mp3|wav|flac|m4a|aac|ogg)$/.test(ext) || mime.startsWith('audio/')) return 'audio';
	if (ext === 'zip') return 'zip';
	return 'file';
}

/** Extension from an upload's filename, else its content type. */
export function uploadExt(filename: string, mime: string): string {
	const m = /\.([A-Za-z0-9]{1,8})$/.exec(filename);
	return (m?.[1] ?? extFromContentType(mime) ?? 'bin').toLowerCase();
}

/** POST /openapi/v2/media/upload/binary (multipart field `file`). */
export async function uploadBinary(ctx: Ctx): Promise<Reply> {
	const a = authenticate(bearer(ctx), ctx.site);
	if (!a.ok) {
		await drain(ctx.req);
		if (ctx.state.config.variants.v2UploadAuthCode === 401) {
			return plain(ctx, 401, 'ApiKey verification failed: API Key不存在');
		}
		return plain(
			ctx,
			1002,
			a.reason === 'free' ? 'APIKEY_UNSUPPORTED_FREE_USER' : 'Invalid API key',
		);
	}
	const max = ctx.state.config.uploadMaxBytes;
	const mp = await readMultipart(ctx.req, {
		fileField: 'file',
		maxBytes: max,
		tmpDir: ctx.state.tmpDir,
	});
	ctx.logNote = `multipart fields=${JSON.stringify(mp.fields)} parts=${JSON.stringify(mp.parts)}`;
	if (mp.tooLarge) {
		const v = ctx.state.config.variants.uploadTooLarge;
		if (v === 'code809') return json({ code: 809, msg: V1_CODES[809], data: null });
		return plain(
			ctx,
			1008,
			`file exceeds size limit (${max} bytes)`,
			null,
			v === 'http413' ? 413 : 200,
		);
	}
	if (mp.error || !mp.file)
		return plain(
			ctx,
			1007,
			mp.error ?? 'Parameter validation failed: multipart field "file" is required',
		);
	const f = mp.file;
	const ext = uploadExt(f.filename, f.mimeType);
	const name = `openapi/${f.sha256}.${ext}`;
	const type =
		f.mimeType && f.mimeType !== 'application/octet-stream' ? f.mimeType : contentTypeFor(ext);
	const stored = await ctx.state.files.addDisk(name, f.path, f.size, type, 'upload');
	const expires = Math.floor(Date.now() / 1000) + 86400;
	const data = {
		type: mediaType(ext, f.mimeType),
		download_url: `${ctx.state.fileUrl(stored.name)}?sign=${randomHex(16)}&t=${expires}`,
		fileName: name,
		size: String(f.size),
	};
	return plain(ctx, ctx.state.config.variants.uploadSuccessCode, 'success', data);
}

/** GET /openapi/v2/queue/status */
export function queueStatus(ctx: Ctx): Reply {
	const key = auth(ctx);
	if (isReply(key)) return plain(ctx, 1002, 'Invalid API key');
	const { running, queued } = counts(ctx.state, key.key);
	const cfg = ctx.state.config;
	return plain(ctx, 0, 'success', {
		apiKeyType: key.apiType,
		concurrentLimit: cfg.concurrencyLimit,
		runningCount: running,
		queuedCount: queued,
		totalCurrentTasks: running + queued,
		...(key.apiType === 'EXCLUSIVE' ? { instanceCount: cfg.concurrencyLimit } : {}),
	});
}

/** errorCode for a run failure: v2-style by default, the v1 code as a string under the 'v1' variant. */
function runFail(
	ctx: Ctx,
	endpoint: string,
	v1Code: number,
	v2Code: string,
	message: string,
): Reply {
	const code = ctx.state.config.variants.v2RunErrors === 'v1' ? String(v1Code) : v2Code;
	return refused(
		ctx,
		endpoint,
		code,
		message,
		v2Fail(ctx, code, `${V1_CODES[v1Code]}: ${message}`),
	);
}

/** POST /openapi/v2/run/workflow/{id} and /openapi/v2/run/ai-app/{id}. */
export function run(ctx: Ctx, kind: 'workflow' | 'app', id: string): Reply {
	const endpoint = kind === 'workflow' ? '/openapi/v2/run/workflow' : '/openapi/v2/run/ai-app';
	const key = auth(ctx);
	if (isReply(key)) return refused(ctx, endpoint, '1002', 'unauthorized', key);
	if (ctx.bodyError)
		return refused(
			ctx,
			endpoint,
			'1007',
			ctx.bodyError,
			v2Fail(ctx, '1007', `Parameter validation failed: ${ctx.bodyError}`),
		);
	const body = bodyObj(ctx);
	let graph: Graph;
	let allowed: AppField[] | undefined;
	if (kind === 'workflow') {
		const wf = WORKFLOWS.get(id);
		if (!wf) return runFail(ctx, endpoint, 380, '1007', `workflow ${id} does not exist`);
		if (!wf.runnable)
			return runFail(
				ctx,
				endpoint,
				810,
				'1007',
				`workflow ${id} must be saved and run once on the site`,
			);
		graph = wf.graph;
		if (body.workflow !== undefined) {
			const g = parseGraph(body.workflow);
			if (!g)
				return runFail(ctx, endpoint, 433, '1101', 'workflow is not a valid API-format graph');
			graph = g;
		}
	} else {
		const app = APPS.get(id);
		if (!app) return runFail(ctx, endpoint, 901, '1007', `webapp ${id} does not exist`);
		graph = app.graph;
		allowed = app.fields;
	}
	const bad = checkNodeInfoList(body.nodeInfoList, graph, allowed);
	if (bad) return runFail(ctx, endpoint, 803, '1101', bad);
	if (body.instanceType !== undefined && !INSTANCE_TYPES.has(String(body.instanceType))) {
		return runFail(
			ctx,
			endpoint,
			301,
			'1007',
			`instanceType must be one of ${[...INSTANCE_TYPES].join(', ')}`,
		);
	}
	const outputs = graphOutputs(graph);
	const adm = submitTask(ctx.state, {
		key,
		site: ctx.site,
		api: 'v2',
		endpoint,
		kind,
		body,
		webhookUrl: webhookOf(body),
		personalQueue: personalQueueOf(body),
		price: 0.05,
		promptTips: JSON.stringify({
			result: true,
			error: null,
			outputs_to_execute: outputs.map((o) => o.nodeId),
			node_errors: {},
		}),
		produce: graphProducer(ctx.state, outputs),
	});
	if (!adm.ok) {
		if (adm.reason === 'funds')
			return refused(
				ctx,
				endpoint,
				'1000',
				'insufficient funds',
				v2Fail(ctx, '1000', fundsMessage),
			);
		const msg =
			adm.reason === 'personalQueue'
				? 'PERSONAL_QUEUE_COUNT_LIMIT: personal queue is full'
				: undefined;
		return refused(ctx, endpoint, '1520', adm.reason, v2Fail(ctx, '1520', msg));
	}
	return json(v2TaskBody(adm.task, ctx.state.config.variants));
}

export const modelFor = (route: string): ModelSpec | undefined =>
	MODELS.get(route.replace(/^\/openapi\/v2\//, ''));
