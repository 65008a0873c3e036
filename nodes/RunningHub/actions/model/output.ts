import type { IDataObject } from 'n8n-workflow';

import type { CostEstimate, OutputType } from '../../../core/catalogue';
import { extensionOf } from '../../../core/media/binary';
import type { TaskOutput, TaskResult, TaskUsage } from '../../../core/tasks';

type Kind = 'image' | 'video' | 'audio' | 'model3d' | 'file';

const KINDS: Record<string, Kind> = {};
const add = (kind: Kind, extensions: string) => extensions.split(' ').forEach((ext) => (KINDS[ext] = kind));
add('image', 'png jpg jpeg webp gif bmp tif tiff heic avif');
add('video', 'mp4 mov webm mkv avi m4v flv');
add('audio', 'mp3 wav m4a flac aac ogg opus');
add('model3d', 'glb gltf obj fbx usdz stl ply');

function kindOf(output: TaskOutput, expected: OutputType): Kind {
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
export function outputConveniences(task: TaskResult, expected: OutputType): IDataObject {
	const urls: Record<Kind, string[]> = { image: [], video: [], audio: [], model3d: [], file: [] };
	const texts: string[] = [];
	for (const output of task.outputs) {
		if (output.url) urls[kindOf(output, expected)].push(output.url);
		else if (output.text !== null) texts.push(output.text);
	}
	const result: IDataObject = {};
	for (const kind of Object.keys(urls) as Kind[]) {
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

const amount = (value: string | null): number | null => {
	if (value === null || value.trim() === '') return null;
	const number = Number(value);
	return Number.isFinite(number) ? number : null;
};

/** What the task cost, from its usage record (wallet money and RH coins), or undefined. */
export function actualCost(usage: TaskUsage | undefined): IDataObject | undefined {
	if (!usage) return undefined;
	const money = amount(usage.consumeMoney);
	const coins = amount(usage.consumeCoins);
	const thirdPartyMoney = amount(usage.thirdPartyConsumeMoney);
	if (money === null && coins === null && thirdPartyMoney === null) return undefined;
	return { money, coins, thirdPartyMoney };
}

/** The estimate as output: amount, currency, how it was computed, whether it is exact. */
export function estimateJson(estimate: CostEstimate | undefined): IDataObject | null {
	if (!estimate) return null;
	return {
		amount: estimate.amount,
		currency: estimate.currency,
		basis: estimate.basis,
		exact: estimate.exact,
		unit: estimate.unit,
		unitPrice: estimate.unitPrice,
		...(estimate.quantity === undefined ? {} : { quantity: estimate.quantity }),
	};
}
