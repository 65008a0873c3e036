// Quick Create (docs/runninghub-api.md §8e): an AI app's model-library module, run with a style
// chosen from the app's style list. Two endpoints: the style list (v1 envelope; how it
// authenticates is undocumented, so a key in the body or as Bearer both count) and the run
// (v1, apiKey in the body, every nodeInfoList entry with its six documented fields).
import { bearer, bodyObj, type Ctx, type Reply } from './http.mjs';
import { refused } from './submit.mjs';
import { auth, begin, fail, isReply, ok, runGraph } from './v1.mjs';
import type { AppField, Graph } from './workflows.mjs';

export interface QuickStyle {
	id: string;
	type: number;
	webappId: string;
	modelCategory: number;
	modelName: string;
	modelKey: string;
	modelPreviewUrl: string;
	content: string;
	modelTrigger: string;
	modelLoar1FileName: string;
	modelLoar1Weight: number;
	modelLoar2FileName: string | null;
	modelLoar2Weight: number | null;
}

export interface QuickApp {
	id: string;
	name: string;
	/** The module's code, from its page's "Call API" button. */
	quickCreateCode: string;
	graph: Graph;
	fields: AppField[];
	/** The style-list entries (text-to-image modules); empty for modules without styles. */
	styles: Array<Omit<QuickStyle, 'webappId' | 'type' | 'modelPreviewUrl'>>;
	/** The field that takes a style's modelKey. */
	styleField?: { nodeId: string; fieldName: string };
}

const GRAPH: Graph = {
	'52': { class_type: 'RH_Translator', inputs: { prompt: 'a girl in a garden' } },
	'60': { class_type: 'RH_StyleSelect', inputs: { select: 'input1' } },
	'61': { class_type: 'RHLoraLoader', inputs: { lora_name: 'none.safetensors', strength_model: 1 } },
	'142': { class_type: 'EmptyLatentImage', inputs: { width: 1024, height: 1024, batch_size: 1 } },
	'39': { class_type: 'LoadImage', inputs: { image: 'example.png' } },
	'159': { class_type: 'ImpactSwitch', inputs: { select: '1' } },
	'9': { class_type: 'SaveImage', inputs: { images: ['52', 0] } },
};

const f = (nodeId: string, nodeName: string, fieldName: string, fieldValue: string, fieldType: string, description: string): AppField => ({
	nodeId,
	nodeName,
	fieldName,
	fieldValue,
	fieldType,
	description,
	descriptionEn: description,
});

const style = (id: string, modelKey: string, modelName: string, modelTrigger: string, lora: string, weight: number) => ({
	id,
	modelCategory: 1,
	modelName,
	modelKey,
	content: 'pink hair, black dress, standing, white background',
	modelTrigger,
	modelLoar1FileName: lora,
	modelLoar1Weight: weight,
	modelLoar2FileName: null,
	modelLoar2Weight: null,
});

export const QUICK_APPS: ReadonlyMap<string, QuickApp> = new Map(
	[
		{
			id: '1970000000000000001',
			name: 'Simulated Quick Create: text to image',
			quickCreateCode: '001',
			graph: GRAPH,
			fields: [
				f('52', 'RH_Translator', 'prompt', 'a girl in a garden', 'STRING', 'Prompt'),
				f('60', 'RH_StyleSelect', 'select', 'input1', 'LIST', 'Style'),
				f('142', 'EmptyLatentImage', 'batch_size', '1', 'INT', 'Number of images'),
				f('61', 'RHLoraLoader', 'lora_name', 'none.safetensors', 'STRING', 'Style LoRA'),
			],
			styles: [
				style('1', 'input1', 'Comic Book', 'Character concept design, hand painting style', 'comic_v1.safetensors', 0.7),
				style('2', 'input2', 'Chibi Cartoon', 'sf, a chibi-style character, chibi', 'chibi_v1.safetensors', 0.75),
				style('3', 'input3', 'Watercolor Landscape', 'watercolor, soft wash', 'watercolor_v2.safetensors', 0.6),
			],
			styleField: { nodeId: '60', fieldName: 'select' },
		},
		{
			id: '1970000000000000002',
			name: 'Simulated Quick Create: reference image edit',
			quickCreateCode: '002',
			graph: GRAPH,
			fields: [
				f('39', 'LoadImage', 'image', 'example.png', 'IMAGE', 'Upload image'),
				f('159', 'ImpactSwitch', 'select', '2', 'SWITCH', 'Aspect ratio'),
				f('142', 'EmptyLatentImage', 'batch_size', '1', 'INT', 'Number of images'),
				f('52', 'RH_Translator', 'prompt', 'make it a 3D cartoon', 'STRING', 'Edit prompt'),
			],
			styles: [],
		},
	].map((a) => [a.id, a]),
);

/** The documented style entry, with a preview served by the simulator. */
function styleEntry(ctx: Ctx, app: QuickApp, s: QuickApp['styles'][number]): QuickStyle {
	return { ...s, type: 2, webappId: app.id, modelPreviewUrl: ctx.state.fileUrl(`styles/${app.id}/${s.id}.png`) };
}

/** POST /api/fast/creation/model/params `{ type: 2, webappId }` */
export function styles(ctx: Ctx): Reply {
	if (ctx.bodyError) return fail(301, `PARAMS_INVALID: ${ctx.bodyError}`);
	const body = bodyObj(ctx);
	const key = auth(ctx, body.apiKey ?? bearer(ctx));
	if (isReply(key)) return key;
	if (body.webappId === undefined || body.webappId === null || body.webappId === '')
		return fail(301, 'PARAMS_INVALID: webappId is required');
	if (Number(body.type) !== 2) return fail(301, 'PARAMS_INVALID: type must be 2 (model-library styles)');
	const app = QUICK_APPS.get(String(body.webappId));
	if (!app) return fail(901);
	return ok(app.styles.map((s) => styleEntry(ctx, app, s)));
}

const ENTRY_FIELDS = ['nodeId', 'nodeName', 'fieldName', 'fieldType', 'fieldValue', 'description'] as const;
const FIELD_TYPES = new Set(['IMAGE', 'STRING', 'LIST', 'INT', 'SWITCH', 'VIDEO', 'AUDIO']);

/** First problem of a Quick Create nodeInfoList beyond the graph check, or null. */
function entryProblem(app: QuickApp, list: unknown[]): string | null {
	for (const [i, item] of list.entries()) {
		if (typeof item !== 'object' || item === null) return `nodeInfoList[${i}] must be an object`;
		const entry = item as Record<string, unknown>;
		const missing = ENTRY_FIELDS.filter((k) => entry[k] === undefined || entry[k] === null);
		if (missing.length) return `nodeInfoList[${i}]: ${missing.join(', ')} required`;
		if (!FIELD_TYPES.has(String(entry.fieldType))) return `nodeInfoList[${i}]: fieldType ${JSON.stringify(entry.fieldType)} is not one of ${[...FIELD_TYPES].join(', ')}`;
		const sf = app.styleField;
		if (sf && String(entry.nodeId) === sf.nodeId && entry.fieldName === sf.fieldName && !app.styles.some((s) => s.modelKey === String(entry.fieldValue))) {
			return `nodeInfoList[${i}]: ${JSON.stringify(entry.fieldValue)} is not a style of this app (${app.styles.map((s) => s.modelKey).join(', ')})`;
		}
	}
	return null;
}

/** POST /task/openapi/quick-ai-app/run `{ webappId, apiKey, quickCreateCode, nodeInfoList }` */
export function run(ctx: Ctx): Reply {
	const ep = '/task/openapi/quick-ai-app/run';
	const b = begin(ctx);
	if (isReply(b)) return refused(ctx, ep, (b.json as { code: number }).code, 'auth/body', b);
	const { key, body } = b;
	if (body.webappId === undefined || body.webappId === '')
		return refused(ctx, ep, 301, 'webappId', fail(301, 'PARAMS_INVALID: webappId is required'));
	const app = QUICK_APPS.get(String(body.webappId));
	if (!app) return refused(ctx, ep, 901, 'unknown app', fail(901));
	if (typeof body.quickCreateCode !== 'string' || body.quickCreateCode.trim() === '')
		return refused(ctx, ep, 301, 'quickCreateCode', fail(301, 'PARAMS_INVALID: quickCreateCode is required'));
	if (body.quickCreateCode !== app.quickCreateCode)
		return refused(ctx, ep, 301, 'quickCreateCode', fail(301, `PARAMS_INVALID: quickCreateCode ${body.quickCreateCode} is not a module of this app`));
	if (!Array.isArray(body.nodeInfoList) || body.nodeInfoList.length === 0)
		return refused(ctx, ep, 301, 'nodeInfoList', fail(301, 'PARAMS_INVALID: nodeInfoList is required'));
	const bad = entryProblem(app, body.nodeInfoList);
	if (bad) return refused(ctx, ep, 803, bad, fail(803, `APIKEY_INVALID_NODE_INFO: ${bad}`));
	return runGraph(ctx, ep, 'app', key, body, app.graph, app.fields);
}
