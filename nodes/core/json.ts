/**
 * JSON parsing that keeps long integers exact.
 *
 * RunningHub task, app and workflow IDs are 19-digit numbers (> 2^53). The API sends them as
 * strings, but a bare JSON number would be rounded by JSON.parse. Before parsing, every bare
 * integer literal with 16 or more digits is quoted, so it arrives as an exact string.
 */
const LONG_INTEGER_DIGITS = 16;

export function parseJsonKeepingLongIntegers(text: string): unknown {
	return JSON.parse(quoteLongIntegers(text));
}

export function quoteLongIntegers(text: string): string {
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
			while (i < text.length && text[i] >= '0' && text[i] <= '9') i++;
			const isInteger = !/[.eE]/.test(text[i] ?? '');
			const digits = i - start - (ch === '-' ? 1 : 0);
			if (isInteger && digits >= LONG_INTEGER_DIGITS) {
				out += text.slice(last, start) + '"' + text.slice(start, i) + '"';
				last = i;
			}
			while (i < text.length && /[0-9.eE+-]/.test(text[i])) i++;
			continue;
		}
		i++;
	}
	return last === 0 ? text : out + text.slice(last);
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
