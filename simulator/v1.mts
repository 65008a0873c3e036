// v1 ("platform") API: apiKey in the JSON body (multipart field for upload, query string
// for apiCallDemo, `apikey` for accountStatus), {code,msg,data} envelope, HTTP 200 always.
import { createHash } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import { randomHex } from './ids.mjs';
import { BIG_SEED, isInt64Id, toJson } from './json.mjs';
import { v1 } from './envelopes.mjs';
import { bodyObj, drain, json, type Ctx, type Reply } from './http.mjs';
import { authenticate, maskKey, type KeyInfo } from './keys.mjs';
import { readMultipart } from './multipart.mjs';
import { graphProducer, netWssUrl, statusLabel, v1OutputsBody } from './results.mjs';
import { INSTANCE_TYPES, personalQueueOf, refused, webhookOf } from './submit.mjs';
import { cancelTask, counts, submitTask } from './tasks.mjs';
import { uploadExt } from './v2.mjs';
import {
	APPS,
	WORKFLOWS,
	checkNodeInfoList,
	graphOutputs,
	parseGraph,
	type AppField,
	type Graph,
} from './workflows.mjs';
import type { Task } from './state.mjs';

export const ok = (data: unknown = null, msg = 'success'): Reply => json(v1(0, data, msg));
export const fail = (code: number, msg?: string, data: unknown = null): Reply => json(v1(code, data, msg));

export function auth(ctx: Ctx, key: unknown): KeyInfo | Reply {
	const a = authenticate(key, ctx.site);
	if (a.ok) return a.info;
	return fail(a.reason === 'free' ? 801 : 802);
}

export const isReply = (x: unknown): x is Reply =>
	typeof x === 'object' && x !== null && typeof (x as Reply).status === 'number';

/** Body check and apiKey auth common to the JSON v1 endpoints. */
export function begin(
	ctx: Ctx,
	keyField = 'apiKey',
): { key: KeyInfo; body: Record<string, unknown> } | Reply {
	if (ctx.bodyError) return fail(301, `PARAMS_INVALID: ${ctx.bodyError}`);
	const body = bodyObj(ctx);
	const key = auth(ctx, body[keyField]);
	return isReply(key) ? key : { key, body };
}

/** What the server answers when it cannot read a task ID as a long (docs/runninghub-api.md §19), on a v1 endpoint. */
function badTaskId(ctx: Ctx): Reply {
	if (ctx.state.config.variants.v1BadIdAnswer === 'v2') {
		return json({ taskId: '', status: '', errorCode: '1007', errorMessage: 'failed to parse request body' });
	}
	return fail(301, 'PARAMS_INVALID: failed to parse request body');
}

function taskOf(ctx: Ctx, key: KeyInfo, body: Record<string, unknown>): Task | Reply {
	if (body.taskId !== undefined && body.taskId !== null && body.taskId !== '' && !isInt64Id(body.taskId)) return badTaskId(ctx);
	const t = ctx.state.tasks.get(String(body.taskId ?? ''));
	return t && t.key === key.key ? t : fail(807);
}

function submitted(ctx: Ctx, task: Task): Reply {
	return ok({
		taskId: task.id,
		taskStatus: statusLabel(task, ctx.state.config.variants),
		clientId: task.clientId,
		netWssUrl: netWssUrl(ctx.state, task),
		promptTips: task.promptTips,
	});
}

/** Shared tail of create, ai-app/run and quick-ai-app/run. */
export function runGraph(
	ctx: Ctx,
	endpoint: string,
	kind: 'workflow' | 'app',
	key: KeyInfo,
	body: Record<string, unknown>,
	graph: Graph,
	allowed?: AppField[],
): Reply {
	const bad = checkNodeInfoList(body.nodeInfoList, graph, allowed);
	if (bad) return refused(ctx, endpoint, 803, bad, fail(803, `APIKEY_INVALID_NODE_INFO: ${bad}`));
	if (body.instanceType !== undefined && !INSTANCE_TYPES.has(String(body.instanceType))) {
		return refused(
			ctx,
			endpoint,
			301,
			'instanceType',
			fail(301, `PARAMS_INVALID: instanceType must be one of ${[...INSTANCE_TYPES].join(', ')}`),
		);
	}
	const outputs = graphOutputs(graph);
	const adm = submitTask(ctx.state, {
		key,
		site: ctx.site,
		api: 'v1',
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
	if (adm.ok) return submitted(ctx, adm.task);
	const code =
		adm.reason === 'funds'
			? ctx.state.config.variants.insufficientFundsCode
			: adm.reason === 'personalQueue'
				? 814
				: key.apiType === 'EXCLUSIVE'
					? 415
					: 421;
	return refused(ctx, endpoint, code, adm.reason, fail(code));
}

/** POST /task/openapi/create */
export function create(ctx: Ctx): Reply {
	const ep = '/task/openapi/create';
	const b = begin(ctx);
	if (isReply(b)) return refused(ctx, ep, (b.json as { code: number }).code, 'auth/body', b);
	const { key, body } = b;
	if (body.workflowId === undefined || body.workflowId === '')
		return refused(ctx, ep, 301, 'workflowId', fail(301, 'PARAMS_INVALID: workflowId is required'));
	const wf = WORKFLOWS.get(String(body.workflowId));
	if (!wf) return refused(ctx, ep, 380, 'unknown workflow', fail(380));
	if (!wf.runnable) return refused(ctx, ep, 810, 'not run', fail(810));
	let graph = wf.graph;
	if (body.workflow !== undefined) {
		const g = parseGraph(body.workflow);
		if (!g)
			return refused(
				ctx,
				ep,
				433,
				'bad workflow',
				fail(433, 'VALIDATE_PROMPT_FAILED: workflow is not a valid API-format graph'),
			);
		graph = g;
	}
	return runGraph(ctx, ep, 'workflow', key, body, graph);
}

/** POST /task/openapi/ai-app/run */
export function aiAppRun(ctx: Ctx): Reply {
	const ep = '/task/openapi/ai-app/run';
	const b = begin(ctx);
	if (isReply(b)) return refused(ctx, ep, (b.json as { code: number }).code, 'auth/body', b);
	const { key, body } = b;
	if (body.webappId === undefined || body.webappId === '')
		return refused(ctx, ep, 301, 'webappId', fail(301, 'PARAMS_INVALID: webappId is required'));
	const app = APPS.get(String(body.webappId));
	if (!app) return refused(ctx, ep, 901, 'unknown app', fail(901));
	if (!Array.isArray(body.nodeInfoList))
		return refused(
			ctx,
			ep,
			301,
			'nodeInfoList',
			fail(301, 'PARAMS_INVALID: nodeInfoList is required'),
		);
	return runGraph(ctx, ep, 'app', key, body, app.graph, app.fields);
}

/** POST /task/openapi/status */
export function status(ctx: Ctx): Reply {
	const b = begin(ctx);
	if (isReply(b)) return b;
	const t = taskOf(ctx, b.key, b.body);
	return isReply(t) ? t : ok(statusLabel(t, ctx.state.config.variants), '');
}

/** POST /task/openapi/outputs */
export function outputs(ctx: Ctx): Reply {
	const b = begin(ctx);
	if (isReply(b)) return b;
	const t = taskOf(ctx, b.key, b.body);
	return isReply(t) ? t : json(v1OutputsBody(ctx.state, t));
}

/** POST /task/openapi/cancel — ending tasks stay as they are. */
export function cancel(ctx: Ctx): Reply {
	const b = begin(ctx);
	if (isReply(b)) return b;
	const t = taskOf(ctx, b.key, b.body);
	if (isReply(t)) return t;
	cancelTask(ctx.state, t);
	return ok(null);
}

/** POST /task/openapi/upload (multipart apiKey, file, fileType). */
export async function upload(ctx: Ctx): Promise<Reply> {
	const max = ctx.state.config.legacyUploadMaxBytes;
	const mp = await readMultipart(ctx.req, {
		fileField: 'file',
		maxBytes: max,
		tmpDir: ctx.state.tmpDir,
	});
	await drain(ctx.req);
	ctx.logNote = `multipart fields=${JSON.stringify(mp.fields)} parts=${JSON.stringify(mp.parts)}`;
	const discard = async () => mp.file && (await unlink(mp.file.path).catch(() => undefined));
	const key = auth(ctx, mp.fields.apiKey);
	if (isReply(key)) {
		await discard();
		if (ctx.state.config.variants.legacyUploadAuthCode !== -1) return key;
		// As seen live (docs/runninghub-api.md §19): code -1 for a missing or rejected key.
		return mp.fields.apiKey ? fail(-1, 'ApiKey verification failed') : json({ code: -1, msg: 'apiKey is required' });
	}
	if (mp.tooLarge) return fail(809);
	if (mp.error || !mp.file)
		return (await discard(), fail(301, `PARAMS_INVALID: ${mp.error ?? 'file is required'}`));
	const ext = uploadExt(mp.file.filename, mp.file.mimeType);
	const name = `api/${mp.file.sha256}.${ext}`;
	await ctx.state.files.addDisk(
		name,
		mp.file.path,
		mp.file.size,
		mp.file.mimeType,
		'legacy-upload',
	);
	return ok({ fileName: name, fileType: mp.fields.fileType || 'input' });
}

/** POST /task/openapi/getWebhookDetail */
export function webhookDetail(ctx: Ctx): Reply {
	const b = begin(ctx);
	if (isReply(b)) return b;
	const t = taskOf(ctx, b.key, b.body);
	if (isReply(t)) return t;
	const ev = ctx.state.webhooks.events.get(ctx.state.webhooks.byTask.get(t.id) ?? '');
	if (!ev) return fail(1, 'webhook event not exists');
	return ok({
		id: ev.id,
		userApiKey: maskKey(ev.key),
		taskId: ev.taskId,
		webhookUrl: ev.webhookUrl,
		eventData: ev.eventData,
		callbackStatus: ev.callbackStatus,
		callbackResponse: ev.callbackResponse,
		retryCount: ev.retryCount,
		createTime: ev.createTime,
		updateTime: ev.updateTime,
	});
}

/** POST /task/openapi/retryWebhook */
export function retryWebhook(ctx: Ctx): Reply {
	const b = begin(ctx);
	if (isReply(b)) return b;
	const ev = ctx.state.webhooks.events.get(String(b.body.webhookId ?? ''));
	if (!ev || ev.key !== b.key.key) return fail(1, 'webhook event not exists');
	const url =
		typeof b.body.webhookUrl === 'string' && b.body.webhookUrl ? b.body.webhookUrl : undefined;
	ctx.state.webhooks.retry(ev.id, url);
	return ok(null, '');
}

/** POST /uc/openapi/accountStatus (body field `apikey`, lower-case k). */
export function accountStatus(ctx: Ctx): Reply {
	const b = begin(ctx, 'apikey');
	if (isReply(b)) return b;
	const w = ctx.state.wallets.get(b.key.key);
	const { running, queued } = counts(ctx.state, b.key.key);
	return ok({
		remainCoins: w?.coins === null || w?.coins === undefined ? null : String(w.coins),
		currentTaskCounts: String(running + queued),
		remainMoney: w?.money === null || w?.money === undefined ? null : w.money.toFixed(3),
		currency: b.key.currency,
		apiType: b.key.apiType,
	});
}

/** POST /api/openapi/getJsonApiFormat */
export function jsonApiFormat(ctx: Ctx): Reply {
	const b = begin(ctx);
	if (isReply(b)) return b;
	const wf = WORKFLOWS.get(String(b.body.workflowId ?? ''));
	if (!wf) return fail(380);
	// bigIntegers: every seed is 2^64-1, written digit for digit inside the prompt text.
	const graph = ctx.state.config.variants.bigIntegers ? withBigSeeds(wf.graph) : wf.graph;
	return ok({ prompt: toJson(graph) });
}

function withBigSeeds(graph: Graph): Record<string, unknown> {
	return Object.fromEntries(
		Object.entries(graph).map(([id, n]) => [id, 'seed' in n.inputs ? { ...n, inputs: { ...n.inputs, seed: BIG_SEED } } : n]),
	);
}

/** GET /api/webapp/apiCallDemo?apiKey=&webappId= */
export function apiCallDemo(ctx: Ctx): Reply {
	const key = auth(ctx, ctx.query.get('apiKey'));
	if (isReply(key)) return key;
	const app = APPS.get(ctx.query.get('webappId') ?? '');
	if (!app) return fail(901);
	const base = ctx.state.siteBase(ctx.site);
	const demo = {
		webappId: app.id,
		apiKey: '{apiKey}',
		nodeInfoList: app.fields.map(({ nodeId, fieldName, fieldValue, description }) => ({
			nodeId,
			fieldName,
			fieldValue,
			description,
		})),
	};
	const full = ctx.state.config.variants.apiCallDemo === 'full';
	return ok({
		webappName: app.name,
		nodeInfoList: full ? app.fields.map((f) => ({ ...f, fieldData: f.fieldType === 'LIST' ? '[]' : null })) : app.fields,
		...(full ? { statisticsInfo: { likeCount: '0', useCount: '0', collectCount: '0' } } : {}),
		curl: `curl --location --request POST '${base}/task/openapi/ai-app/run' --header 'Content-Type: application/json' --data-raw '${JSON.stringify(demo)}'`,
		covers: [
			{
				url: ctx.state.fileUrl(`covers/${app.id}.png`),
				thumbnailUri: ctx.state.fileUrl(`covers/${app.id}.png`),
			},
		],
		tags: [{ name: 'simulated' }],
	});
}

/** POST /api/openapi/getLoraUploadUrl → a presigned PUT URL served by the simulator. */
export function loraUploadUrl(ctx: Ctx): Reply {
	const b = begin(ctx);
	if (isReply(b)) return b;
	const { loraName, md5Hex } = b.body;
	if (typeof loraName !== 'string' || !loraName.trim())
		return fail(301, 'PARAMS_INVALID: loraName is required');
	if (typeof md5Hex !== 'string' || !/^[0-9a-f]{32}$/i.test(md5Hex))
		return fail(301, 'PARAMS_INVALID: md5Hex must be 32 hex characters');
	const token = randomHex(12);
	const fileName = `api-lora/${md5Hex.toLowerCase()}.safetensors`;
	ctx.state.loras.set(token, {
		loraName,
		md5Hex: md5Hex.toLowerCase(),
		fileName,
		uploaded: false,
		size: 0,
	});
	const expires = Math.floor(Date.now() / 1000) + 3600;
	return ok({
		url: `${ctx.state.publicBase}/__upload/lora/${token}?X-Amz-Expires=3600&X-Amz-Date=${expires}&X-Amz-Signature=${randomHex(32)}`,
		fileName,
	});
}

/** PUT /__upload/lora/<token>: the presigned upload target; checks the MD5 like object storage would. */
export async function loraPut(ctx: Ctx, token: string): Promise<Reply> {
	const lora = ctx.state.loras.get(token);
	const xml = (status: number, code: string) => ({
		status,
		body: `<?xml version="1.0"?><Error><Code>${code}</Code></Error>`,
		headers: { 'content-type': 'application/xml' },
	});
	if (!lora) return (await drain(ctx.req), xml(403, 'AccessDenied'));
	const md5 = createHash('md5');
	let size = 0;
	for await (const c of ctx.req) {
		md5.update(c as Buffer);
		size += (c as Buffer).length;
	}
	ctx.logNote = `lora upload ${size} bytes`;
	if (md5.digest('hex') !== lora.md5Hex) return xml(400, 'BadDigest');
	Object.assign(lora, { uploaded: true, size });
	return { status: 200, body: '', headers: { etag: `"${lora.md5Hex}"` } };
}
