/**
 * File names that come from outside (RunningHub output URLs, a download's Content-Disposition,
 * a webhook body) end up as the fileName of n8n binary data, and from there in Write Binary
 * File, e-mail attachments or cloud uploads. They are reduced to a plain base name first, so a
 * name can never climb out of a folder, hide its real extension or break a log line.
 */

/** Longest name kept (most file systems allow 255 bytes; leaves room for a suffix). */
export const MAX_FILE_NAME_LENGTH = 200;

// C0 and C1 control characters, DEL, and the invisible Unicode format characters that can
// reorder or hide text (bidi overrides such as U+202E make "gpj.exe" read as "exe.jpg").
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;
// Characters Windows refuses in names, and both path separators.
const RESERVED = /[<>:"|?*\\/]/g;
// Names Windows reserves for devices, with or without an extension.
const DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * A safe base name: the last path segment (both `/` and `\`), without control or invisible
 * characters, reserved characters replaced by `_`, no leading or trailing dots and spaces, at
 * most MAX_FILE_NAME_LENGTH characters with the extension kept. Falls back to `fallback`
 * (itself reduced) when nothing usable is left, e.g. for `..`.
 */
export function safeFileName(raw: unknown, fallback = 'file'): string {
	const reduced = reduce(typeof raw === 'string' ? raw : '');
	if (reduced) return reduced;
	return reduce(fallback) || 'file';
}

function reduce(text: string): string {
	const base = text.split(/[\\/]/).pop() ?? '';
	let name = base
		.normalize('NFC')
		.replace(UNSAFE, '')
		.replace(RESERVED, '_');
	name = trimDotsAndSpaces(name);
	if (!name || /^_*$/.test(name)) return '';
	if (DEVICE.test(name)) name = `_${name}`;
	return shorten(name);
}

const isDotOrSpace = (ch: string): boolean => ch === '.' || /\s/.test(ch);

/**
 * Drops leading and trailing dots and white space with a plain scan: `[\s.]+$` takes quadratic
 * time on a long run of spaces inside a name (which comes from a server's Content-Disposition or
 * a URL path).
 */
export function trimDotsAndSpaces(text: string, ends: 'both' | 'end' = 'both'): string {
	let start = 0;
	let end = text.length;
	if (ends === 'both') while (start < end && isDotOrSpace(text[start])) start++;
	while (end > start && isDotOrSpace(text[end - 1])) end--;
	return text.slice(start, end);
}

/** Cuts a long name in the middle of its stem, keeping a short extension. */
function shorten(name: string): string {
	const chars = Array.from(name);
	if (chars.length <= MAX_FILE_NAME_LENGTH) return name;
	const dot = name.lastIndexOf('.');
	const ext = dot > 0 && name.length - dot <= 11 ? Array.from(name.slice(dot)) : [];
	const stem = trimDotsAndSpaces(chars.slice(0, MAX_FILE_NAME_LENGTH - ext.length).join(''), 'end');
	return `${stem}${ext.join('')}`;
}
