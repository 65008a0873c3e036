import type { IDataObject, INode } from 'n8n-workflow';

import { parseJsonKeepingLongIntegers } from '../api/json';
import type { TaskResult } from '../tasks/task';
import { taskFromV1Outputs, taskFromV2 } from '../tasks/task';
import type { TaskObject } from '../api/transport';
import { idProblem } from '../validation';

/**
 * What RunningHub posts to a webhook URL, and how it is read.
 *
 * - `TASK_END` (documented, docs/runninghub-api.md §12): `{ event: "TASK_END", taskId, eventData }` where
 *   `eventData` is a JSON *string* holding the v1 outputs answer `{code, msg, data}` (parse twice).
 * - v2-style (undocumented for v2-created tasks): the flat task object `{ taskId, status,
 *   errorCode, errorMessage, results, ... }`, also accepted inside `eventData`.
 *
 * The body is never trusted for more than "this task may have ended": nodes re-read the task
 * through the API before emitting it (unless the user turned verification off).
 */

/** Deliveries above this size are refused (a TASK_END body is a few kB). */
export const MAX_DELIVERY_BYTES = 1024 * 1024;

export type DeliveryShape = 'taskEnd' | 'v2';

export interface Delivery {
	taskId: string;
	/** `TASK_END`, or the v2 status word for a v2-style body. */
	event: string;
	shape: DeliveryShape;
	/** The outcome as the body reports it (v1 `{code,msg,data}` or the v2 task object). */
	reported: IDataObject;
}

export type DeliveryParse = { ok: true; delivery: Delivery } | { ok: false; status: 400; reason: string };

/** Where the body comes from: n8n keeps the raw bytes on `req.rawBody` and a parsed `req.body`. */
export interface DeliveryInput {
	rawBody?: unknown;
	body?: unknown;
}

const refuse = (reason: string): DeliveryParse => ({ ok: false, status: 400, reason });

const isObject = (v: unknown): v is IDataObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads the body's text, preferring the raw bytes (19-digit IDs in bare numbers stay exact). */
function bodyText(input: DeliveryInput, limit: number): { text?: string; parsed?: unknown; error?: string } {
	const raw = input.rawBody;
	if (raw !== undefined && raw !== null && (typeof raw === 'string' || raw instanceof Uint8Array)) {
		const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.byteLength;
		if (size > limit) return { error: `the body is ${size} bytes, more than the ${limit} bytes a delivery may have` };
		if (size > 0) return { text: typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8') };
	}
	const body = input.body;
	if (typeof body === 'string') {
		if (Buffer.byteLength(body) > limit) return { error: `the body is more than the ${limit} bytes a delivery may have` };
		return { text: body };
	}
	if (body === undefined || body === null || (isObject(body) && Object.keys(body).length === 0)) {
		return { error: 'the body is empty' };
	}
	// Already parsed by n8n (no raw bytes available): measure it the way it would be sent.
	let size = 0;
	try {
		size = Buffer.byteLength(JSON.stringify(body));
	} catch {
		return { error: 'the body cannot be read as JSON' };
	}
	if (size > limit) return { error: `the body is more than the ${limit} bytes a delivery may have` };
	return { parsed: body };
}

function parseJson(text: string): { value?: unknown; error?: string } {
	const trimmed = text.replace(/^\uFEFF/, '').trim();
	if (trimmed === '') return { error: 'the body is empty' };
	try {
		return { value: parseJsonKeepingLongIntegers(trimmed) };
	} catch {
		return { error: 'the body is not JSON' };
	}
}

function taskIdOf(value: unknown): string | undefined {
	if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	return idProblem(text) === undefined ? text : undefined;
}

/** Parses and checks a delivery. Never throws: a bad body is a 400 with the reason. */
export function parseDelivery(input: DeliveryInput, limit = MAX_DELIVERY_BYTES): DeliveryParse {
	const read = bodyText(input, limit);
	if (read.error) return refuse(read.error);
	let body = read.parsed;
	if (read.text !== undefined) {
		const parsed = parseJson(read.text);
		if (parsed.error) return refuse(parsed.error);
		body = parsed.value;
	}
	if (!isObject(body)) return refuse('the body is not a JSON object');

	const rawId = body.taskId ?? body.task_id;
	if (rawId === undefined || rawId === null || rawId === '') return refuse('the body has no taskId');
	const taskId = taskIdOf(rawId);
	if (!taskId) return refuse(`the taskId "${String(rawId).slice(0, 40)}" is not a RunningHub task ID`);

	if (body.eventData !== undefined || (typeof body.event === 'string' && body.event !== '')) {
		let data: unknown = body.eventData;
		if (typeof data === 'string') {
			if (Buffer.byteLength(data) > limit) return refuse('eventData is too large');
			const parsed = parseJson(data);
			if (parsed.error) return refuse(`eventData is not a JSON string (${parsed.error.replace('the body', 'it')})`);
			data = parsed.value;
		}
		if (!isObject(data)) return refuse('eventData is missing or not a JSON object');
		const event = typeof body.event === 'string' && body.event.trim() ? body.event.trim() : 'TASK_END';
		if (data.code !== undefined && data.code !== null) {
			return { ok: true, delivery: { taskId, event, shape: 'taskEnd', reported: data } };
		}
		if (typeof data.status === 'string' && data.status !== '') {
			return { ok: true, delivery: { taskId, event, shape: 'v2', reported: { ...data, taskId } } };
		}
		return refuse('eventData has neither a code (v1 outputs) nor a status (v2 task)');
	}
	if (typeof body.status === 'string' && body.status !== '') {
		return { ok: true, delivery: { taskId, event: body.status.trim().toUpperCase(), shape: 'v2', reported: { ...body, taskId } } };
	}
	return refuse('the body is neither a TASK_END event nor a RunningHub task object');
}

/**
 * The task as the delivery reports it (unverified), normalised like a query answer.
 * Throws NodeOperationError only for a v2 status word no RunningHub node knows.
 */
export function reportedTask(node: INode, delivery: Delivery): TaskResult {
	if (delivery.shape === 'v2') return taskFromV2(node, delivery.reported as TaskObject, delivery.taskId);
	return taskFromV1Outputs(node, delivery.taskId, delivery.reported);
}
