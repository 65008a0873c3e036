/**
 * Reading a Quick Create run from the parameters: the module's nodeInfoList entries, each of
 * which may take one part of the chosen style (its key, trigger words, sample prompt or LoRA).
 * Every check here runs before the paid submit.
 */
import type { INodeListSearchItems } from 'n8n-workflow';

import type { QuickStyle } from '../../../core/api/quickCreate';
import { FIELD_TYPES, FROM_STYLE_OPTIONS } from './quickCreate.description';

export type FromStyle = 'none' | 'styleKey' | 'triggerWords' | 'samplePrompt' | 'lora1File' | 'lora1Weight' | 'lora2File' | 'lora2Weight';

/** One Inputs entry as the user wrote it (trimmed). */
export interface QuickEntry {
	nodeId: string;
	nodeName: string;
	fieldName: string;
	fieldType: string;
	value: string;
	fromStyle: FromStyle;
	description: string;
	/** e.g. `Inputs entry 2 (node 52, field prompt)`. */
	label: string;
}

/** A problem with the parameters: the caller turns it into an input error naming the item. */
export interface EntryProblem {
	parameter: string;
	problem: string;
	fix: string;
}

const FROM_STYLE_VALUES = new Set(FROM_STYLE_OPTIONS.map((o) => o.value));
const text = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** Code of a Quick Create module: short letters, digits, `-` or `_` (RunningHub's example is "002"). */
export function codeProblem(code: string): EntryProblem | undefined {
	if (!code) return { parameter: 'Quick Create Code', problem: 'is empty', fix: 'Copy quickCreateCode from the "Call API" example on the Quick Create module page, e.g. 002.' };
	if (!/^[A-Za-z0-9_-]{1,32}$/.test(code)) {
		return { parameter: 'Quick Create Code', problem: `"${code.slice(0, 40)}" is not a module code`, fix: 'Use the code exactly as the "Call API" example shows it: letters and digits, e.g. 002.' };
	}
	return undefined;
}

/** The Inputs entries, checked: every required field present, a known field type, each input once. */
export function readEntries(raw: Array<Record<string, unknown>>): QuickEntry[] | EntryProblem {
	if (raw.length === 0) {
		return { parameter: 'Inputs', problem: 'no input is given', fix: 'Add the entries of the module\'s nodeInfoList, as its "Call API" example on RunningHub lists them.' };
	}
	const entries: QuickEntry[] = [];
	const seen = new Map<string, number>();
	for (let n = 0; n < raw.length; n++) {
		const r = raw[n] ?? {};
		const nodeId = text(r.nodeId).trim();
		const fieldName = text(r.fieldName).trim();
		const label = `Inputs entry ${n + 1}${nodeId || fieldName ? ` (node ${nodeId || '?'}, field ${fieldName || '?'})` : ''}`;
		for (const [name, value] of [['Node ID', nodeId], ['Node Name', text(r.nodeName).trim()], ['Field Name', fieldName]] as const) {
			if (!value) return { parameter: label, problem: `${name} is empty`, fix: `Copy ${name} from the module's "Call API" example; RunningHub needs every field of each entry.` };
		}
		const fieldType = text(r.fieldType || 'STRING').trim().toUpperCase();
		if (!FIELD_TYPES.includes(fieldType)) {
			return { parameter: label, problem: `Field Type "${fieldType}" is unknown`, fix: `Use one of ${FIELD_TYPES.join(', ')}.` };
		}
		const fromStyle = text(r.fromStyle || 'none') as FromStyle;
		if (!FROM_STYLE_VALUES.has(fromStyle)) {
			return { parameter: label, problem: `Take From Style "${fromStyle}" is unknown`, fix: `Use one of ${[...FROM_STYLE_VALUES].join(', ')}.` };
		}
		const key = `${nodeId}:${fieldName}`;
		const earlier = seen.get(key);
		if (earlier !== undefined) return { parameter: label, problem: `sets node ${nodeId} field ${fieldName} again (entry ${earlier + 1} sets it too)`, fix: 'Keep one entry per input.' };
		seen.set(key, n);
		entries.push({ nodeId, nodeName: text(r.nodeName).trim(), fieldName, fieldType, value: text(r.value), fromStyle, description: text(r.description).trim() || fieldName, label });
	}
	return entries;
}

/** The value an entry sends, with the style applied; a problem when the style lacks that part. */
export function styledValue(entry: QuickEntry, style: QuickStyle | undefined): string | EntryProblem {
	if (entry.fromStyle === 'none') return entry.value;
	if (!style) {
		return { parameter: entry.label, problem: 'takes a part of the style, but no style is chosen', fix: 'Choose a Style, or set Take From Style to Nothing.' };
	}
	const lora = (n: 0 | 1) => style.loras[n];
	const missing = (what: string): EntryProblem => ({
		parameter: entry.label,
		problem: `style "${style.name}" has no ${what}`,
		fix: 'Choose another style, or set Take From Style to Nothing and give the value.',
	});
	switch (entry.fromStyle) {
		case 'styleKey':
			return style.key || missing('key');
		case 'triggerWords': {
			const words = style.triggerWords.replace(/[\s,，]+$/u, '');
			if (!words) return entry.value;
			return entry.value.trim() ? `${words}, ${entry.value}` : words;
		}
		case 'samplePrompt':
			return entry.value.trim() ? entry.value : style.samplePrompt || missing('sample prompt');
		case 'lora1File':
		case 'lora2File': {
			const l = lora(entry.fromStyle === 'lora1File' ? 0 : 1);
			return l ? l.fileName : missing(`LoRA ${entry.fromStyle === 'lora1File' ? 1 : 2}`);
		}
		case 'lora1Weight':
		case 'lora2Weight': {
			const l = lora(entry.fromStyle === 'lora1Weight' ? 0 : 1);
			return l && l.weight !== null ? String(l.weight) : missing(`LoRA ${entry.fromStyle === 'lora1Weight' ? 1 : 2} weight`);
		}
	}
	return entry.value;
}

/** Finds the chosen style by ID (the list's value), or by key or name as typed by hand. */
export function findStyle(styles: QuickStyle[], wanted: string): QuickStyle | undefined {
	const w = wanted.trim();
	return styles.find((s) => s.id === w) ?? styles.find((s) => s.key === w) ?? styles.find((s) => s.name.toLowerCase() === w.toLowerCase());
}

/** Entries of the Style list: the name; preview and trigger words in the description; filtered by every word typed. */
export function styleListItems(styles: QuickStyle[], filter = ''): INodeListSearchItems[] {
	const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
	return styles
		.filter((s) => {
			const hay = `${s.name} ${s.key} ${s.triggerWords} ${s.id}`.toLowerCase();
			return words.every((w) => hay.includes(w));
		})
		.map((s) => ({
			name: s.name,
			value: s.id,
			url: s.previewUrl ?? undefined,
			description: [s.key && `key ${s.key}`, s.triggerWords && `trigger words: ${s.triggerWords}`, s.previewUrl && `preview: ${s.previewUrl}`]
				.filter(Boolean)
				.join(' · '),
		}));
}

/** Styles named in an error: a few, with how to see them all (an app may list hundreds). */
const STYLES_NAMED = 10;
export function styleChoices(styles: QuickStyle[]): string {
	const named = styles.slice(0, STYLES_NAMED).map((s) => `${s.id} (${s.name.slice(0, 60)})`);
	const more = styles.length - named.length;
	return more > 0
		? `Its styles include ${named.join(', ')} and ${more} more: pick one from the Style list, or run Quick Create → Get Styles to see them all.`
		: `Its styles are ${named.join(', ')}.`;
}
