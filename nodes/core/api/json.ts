/**
 * JSON parsing that keeps every integer exact.
 *
 * RunningHub task, app and workflow IDs are 19-digit numbers, and ComfyUI seeds go up to 2^64-1:
 * both are beyond 2^53, where JSON.parse rounds (1965432109876543219 becomes ...200). Every
 * RunningHub body, webhook body and workflow graph is read with parseJsonKeepingLongIntegers:
 * it equals JSON.parse (same values, same errors), except that an integer literal that is not a
 * safe integer arrives as a string of its exact digits ("18446744073709551615").
 *
 * How: before JSON.parse, each such literal is put in quotes. Only a valid JSON integer in a
 * value position is quoted (never one followed by ":", which would turn the invalid
 * `{123...: 1}` into a valid key), so the text parses exactly when the original does.
 */

/** No integer below this many digits can be unsafe (2^53 has 16 digits). */
const UNSAFE_MIN_DIGITS = 16;
const MAY_HAVE_UNSAFE_INTEGER = /\d{16}/;

/**
 * JSON.parse, with unsafe integers as digit strings. `bigIntegers`, when given, collects the
 * digits of every integer that was turned into a string (so a caller can tell them from text).
 */
export function parseJsonKeepingLongIntegers(text: string, bigIntegers?: Set<string>): unknown {
	return JSON.parse(quoteLongIntegers(text, bigIntegers));
}

export function quoteLongIntegers(text: string, bigIntegers?: Set<string>): string {
	if (!MAY_HAVE_UNSAFE_INTEGER.test(text)) return text;
	let out = '';
	let last = 0;
	let i = 0;
	while (i < text.length) {
		const ch = text[i];
		if (ch === '"') {
			i = endOfString(text, i);
			continue;
		}
		if (ch === '-' || (ch >= '0' && ch <= '9')) {
			const start = i;
			if (ch === '-') i++;
			const digitsStart = i;
			while (i < text.length && text[i] >= '0' && text[i] <= '9') i++;
			const digits = i - digitsStart;
			const literal = text.slice(start, i);
			if (digits >= UNSAFE_MIN_DIGITS && isPlainInteger(text, digitsStart, i) && !Number.isSafeInteger(Number(literal))) {
				out += text.slice(last, start) + '"' + literal + '"';
				last = i;
				bigIntegers?.add(literal);
			}
			while (i < text.length && /[0-9.eE+-]/.test(text[i])) i++;
			continue;
		}
		i++;
	}
	return last === 0 ? text : out + text.slice(last);
}

/**
 * Whether the digits at [from, to) are a whole JSON integer literal in a value position: no
 * leading zero, no fraction or exponent after it, and not used as an object key.
 */
function isPlainInteger(text: string, from: number, to: number): boolean {
	if (text[from] === '0') return false;
	const next = text[to] ?? '';
	if (next === '.' || next === 'e' || next === 'E') return false;
	let j = to;
	while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j++;
	return text[j] !== ':';
}

/** Index just past the closing quote of the string literal that starts at `start`. */
function endOfString(text: string, start: number): number {
	let i = start + 1;
	while (i < text.length) {
		if (text[i] === '\\') i += 2;
		else if (text[i] === '"') return i + 1;
		else i++;
	}
	return i;
}
