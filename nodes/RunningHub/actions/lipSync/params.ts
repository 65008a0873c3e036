/** Reading the lip-sync parameters of one item: IDs, URLs and binary field names as text, timings and volumes as numbers. */
import type { IExecuteFunctions, NodeOperationError } from 'n8n-workflow';

import { inputError } from '../../../core/api/errors';
import type { LipSyncProblem } from '../../../core/lipSync/rules';
import { MAX_AUDIO_MS, VOLUME_RANGE } from '../../../core/lipSync/rules';
import type { Timings } from '../../../core/lipSync/timing';
import { TIMING_PARAMETERS } from '../../../core/lipSync/timing';
import { checkNumberInRange } from '../../../core/validation';

export const VIDEO_PARAMETERS = {
	source: 'Video Source',
	url: 'Video URL',
	videoId: 'Kling Video ID',
	binary: 'Input Binary Field',
};

export const AUDIO_PARAMETERS = {
	source: 'Audio Source',
	audioId: 'Audio ID',
	url: 'Audio URL',
};

export function problemError(ctx: IExecuteFunctions, problem: LipSyncProblem, itemIndex: number): NodeOperationError {
	return inputError(ctx.getNode(), { ...problem, itemIndex });
}

/**
 * A text ID (session, face, audio). A number above 2^53 has already lost digits in the expression
 * that produced it, so it is refused with a fix instead of being sent wrong.
 */
export function readTextId(
	ctx: IExecuteFunctions,
	name: string,
	displayName: string,
	itemIndex: number,
	example: string,
): string {
	const value = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	if (typeof value === 'number' && !Number.isSafeInteger(value)) {
		throw inputError(ctx.getNode(), {
			parameter: displayName,
			problem: `the ID arrived as the number ${value}, which is too large to be exact`,
			fix: `Pass the ID as text: map it straight from the RunningHub node that returned it (e.g. ${example}), which outputs IDs as strings.`,
			itemIndex,
		});
	}
	const text = value === undefined || value === null ? '' : String(value).trim();
	if (!text) {
		throw inputError(ctx.getNode(), { parameter: displayName, problem: 'is empty', fix: `Enter the ${displayName}, e.g. ${example}.`, itemIndex });
	}
	return text;
}

export function readText(ctx: IExecuteFunctions, name: string, displayName: string, itemIndex: number, fix: string): string {
	const text = String(ctx.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (!text) throw inputError(ctx.getNode(), { parameter: displayName, problem: 'is empty', fix, itemIndex });
	return text;
}

export interface Volumes {
	soundVolume: number;
	originalAudioVolume: number;
}

export const VOLUME_PARAMETERS = { soundVolume: 'Sound Volume', originalAudioVolume: 'Original Audio Volume' } as const;

/** Reads a volume (0–2) from a parameter path such as `soundVolume` or `lipSyncOptions.soundVolume`. */
export function readVolume(ctx: IExecuteFunctions, path: string, key: keyof Volumes, itemIndex: number): number {
	return checkNumberInRange(ctx, ctx.getNodeParameter(path, itemIndex, 1), VOLUME_PARAMETERS[key], itemIndex, VOLUME_RANGE);
}

/** A timing value in whole milliseconds, 0–60000. */
export function checkTiming(ctx: IExecuteFunctions, raw: unknown, key: keyof Timings, itemIndex: number): number {
	return checkNumberInRange(ctx, raw, TIMING_PARAMETERS[key], itemIndex, { min: 0, max: MAX_AUDIO_MS, integer: true });
}
