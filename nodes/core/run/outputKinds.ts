import type { IDataObject } from 'n8n-workflow';

import type { OutputType } from '../catalogue';
import { extensionOf } from '../media/binary';
import type { TaskOutput, TaskResult } from '../tasks/task';

export type OutputKind = 'image' | 'video' | 'audio' | 'model3d' | 'file';

const KINDS: Record<string, OutputKind> = {};
const add = (kind: OutputKind, extensions: string) => extensions.split(' ').forEach((ext) => (KINDS[ext] = kind));
add('image', 'png jpg jpeg webp gif bmp tif tiff heic avif');
add('video', 'mp4 mov webm mkv avi m4v flv');
add('audio', 'mp3 wav m4a flac aac ogg opus');
add('model3d', 'glb gltf obj fbx usdz stl ply');

/** The kind of a file output, by RunningHub's output type, else the URL's extension. */
export function kindOf(output: TaskOutput, expected: OutputType = 'image'): OutputKind {
	const type = (output.type ?? '').toLowerCase();
	const known = KINDS[type] ?? KINDS[extensionOf(output.url ?? '') ?? ''];
	if (known) return known;
	if (type === 'image' || type === 'video' || type === 'audio') return type;
	// A 3D model's archive (zip) or an unnamed file of a 3D model is the model.
	if (expected === '3d') return 'model3d';
	return 'file';
}

/**
 * Output conveniences by kind: `imageUrl`/`imageUrls`, `videoUrl`/`videoUrls`,
 * `audioUrl`/`audioUrls`, `model3dUrl`/`model3dUrls`, `fileUrl`/`fileUrls` and `text`/`texts`,
 * each present only when the task produced that kind.
 */
export function outputConveniences(task: Pick<TaskResult, 'outputs'>, expected: OutputType = 'image'): IDataObject {
	const urls: Record<OutputKind, string[]> = { image: [], video: [], audio: [], model3d: [], file: [] };
	const texts: string[] = [];
	for (const output of task.outputs) {
		if (output.url) urls[kindOf(output, expected)].push(output.url);
		else if (output.text !== null && output.text !== undefined) texts.push(output.text);
	}
	const result: IDataObject = {};
	for (const kind of Object.keys(urls) as OutputKind[]) {
		if (urls[kind].length === 0) continue;
		result[`${kind}Url`] = urls[kind][0];
		result[`${kind}Urls`] = urls[kind];
	}
	if (texts.length) {
		result.text = texts[0];
		result.texts = texts;
	}
	return result;
}
