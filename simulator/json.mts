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

/** Serialise; with bareIds, 19-digit ids under known keys are written as bare numbers. */
export function toJson(value: unknown, bareIds = false): string {
	if (!bareIds) return JSON.stringify(value);
	const text = JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
		if (BIG_ID_KEYS.has(key) && typeof v === 'string' && /^\d{16,}$/.test(v)) return MARK + v;
		return v;
	});
	return text.replace(/"\\u0000bigid:(\d+)"/g, '$1');
}
