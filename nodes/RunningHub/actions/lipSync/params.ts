/** Reading the lip-sync text parameters of one item: IDs, URLs and binary field names, as text. */
import type { IExecuteFunctions, NodeOperationError } from 'n8n-workflow';

import { inputError } from '../../../core/api/errors';
import type { LipSyncProblem } from '../../../core/lipSync/rules';

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
