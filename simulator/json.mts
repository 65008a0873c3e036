// JSON in and out. Input keeps integers longer than 15 digits as strings (Java parses them
// as exact longs; JSON.parse would round them). Output can emit 19-digit ids as bare
// numbers, written into the text by hand so every digit is exact.

const BIG_ID_KEYS = new Set(['taskId', 'id', 'parentTaskId', 'webhookId']);
const MARK = '\u0000bigid:';

/** JSON.parse, but integer literals of 16+ digits become strings. Throws on invalid JSON. */
export function parseJsonLossless(text: string): unknown {
	let out = '';
	let i = 0;
	while (i < text.length) {
		const c = text[i];
		if (c === '"') {
			// copy a whole string literal, honouring escapes
			let j = i + 1;
			while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
			out += text.slice(i, j + 1);
			i = j + 1;
		} else if (c === '-' || (c >= '0' && c <= '9')) {
			let j = i + 1;
			while (j < text.length && /[0-9.eE+-]/.test(text[j])) j++;
			const num = text.slice(i, j);
			out += /^-?\d{16,}$/.test(num) ? `"${num}"` : num;
			i = j;
		} else {
			out += c;
			i++;
		}
	}
	return JSON.parse(out);
}

/**
 * Serialise; with bareIds, 19-digit ids under known keys are written as bare numbers. BigInt
 * values (seeds up to 2^64-1 in graphs and results) are always written as bare integers, digit
 * for digit, as a Java or Go server would.
 */
export function toJson(value: unknown, bareIds = false): string {
	const text = JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
		// The holder's own value: n8n-workflow gives BigInt a toJSON that has already made it a string.
		const original = this[key];
		if (typeof original === 'bigint') return MARK + original.toString();
		if (bareIds && BIG_ID_KEYS.has(key) && typeof v === 'string' && /^\d{16,}$/.test(v)) return MARK + v;
		return v;
	});
	return text === undefined ? text : text.replace(/"\\u0000bigid:(-?\d+)"/g, '$1');
}

/** A ComfyUI seed at the top of its range (2^64-1): JSON.parse turns it into 18446744073709552000. */
export const BIG_SEED = 2n ** 64n - 1n;

/** Signed 64-bit range: the server parses task IDs as Java longs (docs/runninghub-api.md §19). */
export const MAX_INT64 = 2n ** 63n - 1n;

/** Whether an ID is a decimal the server can read as a long. */
export function isInt64Id(id: unknown): boolean {
	const text = typeof id === 'number' ? String(id) : typeof id === 'string' ? id.trim() : '';
	return /^\d{1,19}$/.test(text) && BigInt(text) <= MAX_INT64;
}
