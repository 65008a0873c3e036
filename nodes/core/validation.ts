import type { IExecuteFunctions } from 'n8n-workflow';

import { inputError } from './api/errors';

/**
 * Reads a RunningHub ID (task, workflow, app: 18–19 digit numbers) and returns it as an exact
 * string. A number above 2^53 has already lost digits in the expression that produced it, so it
 * is refused with a fix instead of being sent wrong; so is an ID RunningHub cannot read (more
 * than 19 digits, or above the int64 range), before any request.
 */
export function readId(
	ctx: IExecuteFunctions,
	parameterName: string,
	displayName: string,
	itemIndex: number,
): string {
	const value = ctx.getNodeParameter(parameterName, itemIndex, '') as unknown;
	return normaliseId(ctx, value, displayName, itemIndex);
}

export function normaliseId(ctx: IExecuteFunctions, value: unknown, displayName: string, itemIndex: number): string {
	if (typeof value === 'number') {
		if (!Number.isSafeInteger(value)) {
			throw inputError(ctx.getNode(), {
				parameter: displayName,
				problem: `the ID arrived as the number ${value}, which is too large to be exact (RunningHub IDs have 19 digits)`,
				fix: 'Pass the ID as text: RunningHub nodes output IDs as strings, so use {{ $json.taskId }} directly, or wrap a number in quotes in the source data.',
				itemIndex,
			});
		}
		value = String(value);
	}
	const text = String(value ?? '').trim();
	if (!text) {
		throw inputError(ctx.getNode(), {
			parameter: displayName,
			problem: 'is empty',
			fix: `Enter the ${displayName}, e.g. {{ $json.taskId }} from a previous RunningHub node.`,
			itemIndex,
		});
	}
	const problem = idProblem(text);
	if (problem) {
		throw inputError(ctx.getNode(), {
			parameter: displayName,
			problem: `"${text.slice(0, 40)}" ${problem}`,
			fix: `RunningHub IDs are whole numbers of up to 19 digits, at most ${MAX_ID} (RunningHub reads them as 64-bit integers), e.g. 1965432109876543210.`,
			itemIndex,
		});
	}
	return text;
}

/** The largest ID RunningHub can read: it parses IDs as signed 64-bit integers (docs/runninghub-api.md §19). */
export const MAX_ID = '9223372036854775807';

/** Why a text is not a RunningHub ID, or undefined when it is one (1–19 digits, within int64). */
export function idProblem(text: string): string | undefined {
	if (!/^\d+$/.test(text)) return 'is not a RunningHub ID';
	if (text.length > MAX_ID.length) return `is not a RunningHub ID: it has ${text.length} digits, at most ${MAX_ID.length}`;
	// Same length: comparing the digit strings compares the numbers.
	if (text.length === MAX_ID.length && text > MAX_ID) return `is not a RunningHub ID: it is above ${MAX_ID}, the largest RunningHub accepts`;
	return undefined;
}

/** A required, non-empty string parameter. */
export function readRequiredString(
	ctx: IExecuteFunctions,
	parameterName: string,
	displayName: string,
	itemIndex: number,
	fix: string,
): string {
	const text = String(ctx.getNodeParameter(parameterName, itemIndex, '') ?? '').trim();
	if (!text) throw inputError(ctx.getNode(), { parameter: displayName, problem: 'is empty', fix, itemIndex });
	return text;
}

/** A number parameter within [min, max]; rejects text that is not a number. */
export function readNumberInRange(
	ctx: IExecuteFunctions,
	parameterName: string,
	displayName: string,
	itemIndex: number,
	range: { min: number; max: number; integer?: boolean; fallback?: number },
): number {
	const raw = ctx.getNodeParameter(parameterName, itemIndex, range.fallback ?? '') as unknown;
	return checkNumberInRange(ctx, raw, displayName, itemIndex, range);
}

export function checkNumberInRange(
	ctx: IExecuteFunctions,
	raw: unknown,
	displayName: string,
	itemIndex: number,
	range: { min: number; max: number; integer?: boolean },
): number {
	const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		throw inputError(ctx.getNode(), {
			parameter: displayName,
			problem: `"${String(raw).slice(0, 40)}" is not a number`,
			fix: `Enter a number from ${range.min} to ${range.max}.`,
			itemIndex,
		});
	}
	if (range.integer && !Number.isInteger(value)) {
		throw inputError(ctx.getNode(), {
			parameter: displayName,
			problem: `${value} is not a whole number`,
			fix: `Enter a whole number from ${range.min} to ${range.max}.`,
			itemIndex,
		});
	}
	if (value < range.min || value > range.max) {
		throw inputError(ctx.getNode(), {
			parameter: displayName,
			problem: `${value} is out of range`,
			fix: `Enter a value from ${range.min} to ${range.max}.`,
			itemIndex,
		});
	}
	return value;
}

/**
 * A whole number too large to be exact (beyond ±2^53): digits were lost before it reached the
 * node (an ID or a seed parsed as a number), so sending it would send a different value.
 */
export function isUnsafeInteger(value: unknown): value is number {
	return typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value);
}
