// The standard-model catalogue (RunningHub's public registry, compact copy in
// catalogue/models.json) and validation of a submit body against an endpoint's params.
import { readFileSync } from 'node:fs';

export interface ParamSpec {
	fieldKey: string;
	type: 'STRING' | 'INT' | 'FLOAT' | 'BOOLEAN' | 'LIST' | 'IMAGE' | 'VIDEO' | 'AUDIO';
	required: boolean;
	options?: string[];
	min?: number;
	max?: number;
	maxLength?: number;
	multipleInputs?: boolean;
	maxInputNum?: number;
	/** MB */
	maxSize?: number;
	defaultValue?: unknown;
}

export interface ModelSpec {
	endpoint: string;
	outputType: 'image' | 'video' | 'audio' | '3d' | 'string';
	price: number | null;
	params: ParamSpec[];
}

export const MODELS: ReadonlyMap<string, ModelSpec> = new Map(
	(
		JSON.parse(readFileSync(new URL('./catalogue/models.json', import.meta.url), 'utf8')) as {
			models: ModelSpec[];
		}
	).models.map((m) => [m.endpoint, m]),
);

export interface FieldError {
	field: string;
	message: string;
}

const DATA_URI = /^data:[\w.+-]+\/[\w.+-]+(?:;[\w.+-]+=[\w.+-]+)*;base64,([A-Za-z0-9+/=\s]*)$/;

const absent = (v: unknown) => v === undefined || v === null || v === '';

/** Is this a URL RunningHub can fetch (http/https) or a base64 data URI? */
export function isMediaRef(v: unknown): v is string {
	return typeof v === 'string' && (/^https?:\/\/[^\s/]+\S*$/i.test(v) || DATA_URI.test(v));
}

/** Decoded size of a base64 data URI, or null when v is not one. */
export function dataUriBytes(v: string): number | null {
	const m = DATA_URI.exec(v);
	return m ? Math.floor((m[1].replace(/\s|=/g, '').length * 3) / 4) : null;
}

function checkScalar(p: ParamSpec, v: unknown, field: string): FieldError | null {
	const err = (message: string): FieldError => ({
		field: p.fieldKey,
		message: `${field} ${message}`,
	});
	switch (p.type) {
		case 'STRING': {
			if (typeof v !== 'string' && typeof v !== 'number') return err('must be a string');
			if (p.maxLength !== undefined && String(v).length > p.maxLength)
				return err(`must be at most ${p.maxLength} characters (got ${String(v).length})`);
			return null;
		}
		case 'INT':
		case 'FLOAT': {
			const n =
				typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
			if (!Number.isFinite(n)) return err(`must be a number`);
			if (p.type === 'INT' && !Number.isInteger(n)) return err('must be an integer');
			if (p.min !== undefined && n < p.min) return err(`must be >= ${p.min} (got ${n})`);
			if (p.max !== undefined && n > p.max) return err(`must be <= ${p.max} (got ${n})`);
			return null;
		}
		case 'BOOLEAN':
			return typeof v === 'boolean' || v === 'true' || v === 'false'
				? null
				: err('must be a boolean');
		case 'LIST':
			if (typeof v !== 'string' && typeof v !== 'number')
				return err('must be one of the listed values');
			return p.options?.includes(String(v))
				? null
				: err(`must be one of: ${p.options?.join(', ')} (got ${JSON.stringify(v)})`);
		default: {
			if (!isMediaRef(v)) return err('must be an http(s) URL or a base64 data URI');
			const bytes = dataUriBytes(v);
			if (bytes !== null && p.maxSize !== undefined && bytes > p.maxSize * 1024 * 1024)
				return err(`exceeds ${p.maxSize} MB`);
			return null;
		}
	}
}

/** First problem with a submit body for this model, or null. Unknown extra fields are ignored. */
export function validateModelBody(model: ModelSpec, body: unknown): FieldError | null {
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		return { field: 'body', message: 'request body must be a JSON object' };
	const b = body as Record<string, unknown>;
	for (const p of model.params) {
		const v = b[p.fieldKey];
		if (absent(v) || (Array.isArray(v) && v.length === 0)) {
			if (p.required) return { field: p.fieldKey, message: `${p.fieldKey} is required` };
			continue;
		}
		if (p.multipleInputs) {
			if (!Array.isArray(v))
				return { field: p.fieldKey, message: `${p.fieldKey} must be an array` };
			if (p.maxInputNum !== undefined && v.length > p.maxInputNum) {
				return {
					field: p.fieldKey,
					message: `${p.fieldKey} accepts at most ${p.maxInputNum} items (got ${v.length})`,
				};
			}
			for (const [i, item] of v.entries()) {
				const e = checkScalar(p, item, `${p.fieldKey}[${i}]`);
				if (e) return e;
			}
			continue;
		}
		const e = checkScalar(p, v, p.fieldKey);
		if (e) return e;
	}
	return null;
}

/** Extension of the generated output for a model's output type. */
export function outputExt(outputType: ModelSpec['outputType']): string {
	return { image: 'png', video: 'mp4', audio: 'mp3', '3d': 'glb', string: 'txt' }[outputType];
}
