// Known ComfyUI workflows and AI apps (RunningHub ids are 19-digit numbers), and the
// nodeInfoList check both v1 and v2 run endpoints apply: every entry must name a node of the
// graph and one of its inputs (for apps: one of the app's editable fields).

export interface GraphNode {
	class_type: string;
	inputs: Record<string, unknown>;
	_meta?: { title: string };
}

export type Graph = Record<string, GraphNode>;

export interface Workflow {
	id: string;
	name: string;
	graph: Graph;
	/** Saved and run once on the site; otherwise submits get 810. */
	runnable: boolean;
}

export interface AppField {
	nodeId: string;
	nodeName: string;
	fieldName: string;
	fieldValue: string;
	fieldType: string;
	description: string;
	descriptionEn: string;
}

export interface App {
	id: string;
	name: string;
	graph: Graph;
	fields: AppField[];
}

const node = (
	class_type: string,
	inputs: Record<string, unknown>,
	title = class_type,
): GraphNode => ({ class_type, inputs, _meta: { title } });

const TXT2IMG: Graph = {
	'3': node('KSampler', {
		seed: 42,
		steps: 20,
		cfg: 7,
		sampler_name: 'euler',
		scheduler: 'normal',
		denoise: 1,
		model: ['4', 0],
		positive: ['6', 0],
		negative: ['7', 0],
		latent_image: ['5', 0],
	}),
	'4': node('CheckpointLoaderSimple', { ckpt_name: 'sd_xl_base_1.0.safetensors' }),
	'5': node('EmptyLatentImage', { width: 1024, height: 1024, batch_size: 1 }),
	'6': node(
		'CLIPTextEncode',
		{ text: 'a cat sitting on a windowsill', clip: ['4', 1] },
		'Positive Prompt',
	),
	'7': node('CLIPTextEncode', { text: 'blurry, low quality', clip: ['4', 1] }, 'Negative Prompt'),
	'8': node('VAEDecode', { samples: ['3', 0], vae: ['4', 2] }),
	'9': node('SaveImage', { images: ['8', 0], filename_prefix: 'ComfyUI' }),
	'10': node('LoadImage', { image: 'example.png', upload: 'image' }),
};

const TALKING_VIDEO: Graph = {
	'12': node('LoadVideo', { video: 'input.mp4' }),
	'13': node('LoadAudio', { audio: 'speech.mp3' }),
	'14': node('RHLoraLoader', { lora_name: 'none.safetensors', strength_model: 1 }),
	'20': node('VHS_VideoCombine', {
		images: ['12', 0],
		audio: ['13', 0],
		frame_rate: 25,
		format: 'video/h264-mp4',
	}),
};

export const WORKFLOWS: ReadonlyMap<string, Workflow> = new Map(
	[
		{ id: '1950000000000000001', name: 'Simulated text to image', graph: TXT2IMG, runnable: true },
		{
			id: '1950000000000000002',
			name: 'Simulated talking video',
			graph: TALKING_VIDEO,
			runnable: true,
		},
		{
			id: '1950000000000000099',
			name: 'Simulated never-run workflow',
			graph: TXT2IMG,
			runnable: false,
		},
	].map((w) => [w.id, w]),
);

const field = (
	nodeId: string,
	nodeName: string,
	fieldName: string,
	fieldValue: string,
	fieldType: string,
	description: string,
	descriptionEn: string,
): AppField => ({
	nodeId,
	nodeName,
	fieldName,
	fieldValue,
	fieldType,
	description,
	descriptionEn,
});

export const APPS: ReadonlyMap<string, App> = new Map(
	[
		{
			id: '1960000000000000001',
			name: 'Simulated portrait restyle',
			graph: TXT2IMG,
			fields: [
				field(
					'10',
					'LoadImage',
					'image',
					'api/5f1e0c6b0e5e4c0b8d7f1a2b3c4d5e6f.png',
					'IMAGE',
					'上传人像',
					'Upload a portrait',
				),
				field(
					'6',
					'CLIPTextEncode',
					'text',
					'oil painting portrait',
					'STRING',
					'风格提示词',
					'Style prompt',
				),
				field('3', 'KSampler', 'seed', '42', 'INT', '随机种子', 'Random seed'),
			],
		},
	].map((a) => [a.id, a]),
);

/** Output extension per output node class. */
const OUTPUT_CLASSES: Record<string, string> = {
	SaveImage: 'png',
	PreviewImage: 'png',
	VHS_VideoCombine: 'mp4',
	SaveVideo: 'mp4',
	SaveAudio: 'mp3',
	ShowText: 'txt',
};

export function graphOutputs(graph: Graph): Array<{ nodeId: string; ext: string }> {
	return Object.entries(graph).flatMap(([nodeId, n]) =>
		OUTPUT_CLASSES[n.class_type] ? [{ nodeId, ext: OUTPUT_CLASSES[n.class_type] }] : [],
	);
}

/** Parse a caller-supplied API-format workflow (the `workflow` string field); null if invalid. */
export function parseGraph(text: unknown): Graph | null {
	if (typeof text !== 'string') return null;
	try {
		const g = JSON.parse(text) as unknown;
		if (typeof g !== 'object' || g === null || Array.isArray(g)) return null;
		for (const n of Object.values(g)) {
			if (typeof n !== 'object' || n === null || typeof (n as GraphNode).class_type !== 'string')
				return null;
			if (typeof (n as GraphNode).inputs !== 'object') return null;
		}
		return g as Graph;
	} catch {
		return null;
	}
}

/** First nodeInfoList problem, or null. `allowed` restricts to an app's editable fields. */
export function checkNodeInfoList(
	list: unknown,
	graph: Graph,
	allowed?: AppField[],
): string | null {
	if (list === undefined || list === null) return null;
	if (!Array.isArray(list)) return 'nodeInfoList must be an array';
	for (const [i, item] of list.entries()) {
		if (typeof item !== 'object' || item === null) return `nodeInfoList[${i}] must be an object`;
		const { nodeId, fieldName, fieldValue } = item as Record<string, unknown>;
		const id = String(nodeId ?? '');
		if (!graph[id])
			return `nodeInfoList[${i}]: nodeId ${JSON.stringify(nodeId)} does not exist in the workflow`;
		if (typeof fieldName !== 'string' || !(fieldName in graph[id].inputs)) {
			return `nodeInfoList[${i}]: node ${id} (${graph[id].class_type}) has no field ${JSON.stringify(fieldName)}`;
		}
		if (allowed && !allowed.some((f) => f.nodeId === id && f.fieldName === fieldName)) {
			return `nodeInfoList[${i}]: node ${id} field ${fieldName} is not an editable field of this app`;
		}
		if (fieldValue === undefined) return `nodeInfoList[${i}]: fieldValue is required`;
	}
	return null;
}
