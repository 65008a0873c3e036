import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
	IPairedItemData,
} from 'n8n-workflow';
import { BINARY_ENCODING, updateDisplayOptions } from 'n8n-workflow';

import { apiError, inputError } from '../../../core/api/errors';
import { TTS_ENDPOINT } from '../../../core/lipSync/rules';
import type { KlingVoice, Site, VoiceLanguage } from '../../../core/lipSync/voices';
import {
	DEFAULT_VOICE_ID,
	KLING_VOICES,
	SITE_DEFAULT_VOICE,
	SITE_VOICES,
	VOICE_LANGUAGE_NAMES,
	findVoice,
	languageMismatch,
	siteOf,
} from '../../../core/lipSync/voices';
import { extensionOf, ownBinary } from '../../../core/media/binary';
import { measureAudioDuration } from '../../../core/media/duration';
import { MEDIA_SUBMIT_OPTIONS, WAIT_FOR_COMPLETION } from '../../../core/run/submitOptions';
import { runTaskOperation } from '../../../core/run/taskOperation';
import type { TaskOutput, TaskResult } from '../../../core/tasks/task';
import { checkNumberInRange } from '../../../core/validation';
import { defaultChangedIn, nodeVersion } from '../../../core/version';

/** RunningHub's limit on `text` (docs/runninghub-api.md §3), counted in characters. */
export const MAX_TEXT_CHARACTERS = 1000;
export const SPEED_RANGE = { min: 0.8, max: 2 };

/** The voice list as the editor shows it: grouped by language, each name saying its language. */
export const VOICE_OPTIONS: INodePropertyOptions[] = [...KLING_VOICES]
	.map((v) => ({
		name: `${VOICE_LANGUAGE_NAMES[v.language]}: ${v.name}`,
		value: v.id,
		description: `Voice ID ${v.id} (${VOICE_LANGUAGE_NAMES[v.language]})`,
	}))
	.sort((a, b) => a.name.localeCompare(b.name));

/** Version 2's list (loadOptions getVoices): "Default for the Site" first, then the site's language first. */
export function voiceOptionsFor(site: Site): INodePropertyOptions[] {
	const first: VoiceLanguage = site === 'cn' ? 'zh' : 'en';
	const own = VOICE_OPTIONS.filter((o) => findVoice(String(o.value))?.language === first);
	const rest = VOICE_OPTIONS.filter((o) => findVoice(String(o.value))?.language !== first);
	return [
		{
			name: 'Default for the Site',
			value: SITE_DEFAULT_VOICE,
			description: `On runninghub.ai the English voice ${findVoice(SITE_VOICES.ai)?.name}, on runninghub.cn the Chinese voice ${findVoice(SITE_VOICES.cn)?.name}; the site comes from the credential when the node runs`,
		},
		...own,
		...rest,
	];
}

const VOICE_DESCRIPTION =
	'The Kling voice. Each name starts with the voice\'s language; the text must be in that language. Choose from the list, or specify a voice ID using an expression.';

/** The Voice parameter: version 1 defaults to a Chinese voice; version 2 to the site's language. */
function voiceProperty(displayOptions?: INodeProperties['displayOptions']): INodeProperties[] {
	return defaultChangedIn(
		2,
		{ displayName: 'Voice', name: 'voiceId', type: 'options', options: VOICE_OPTIONS, default: DEFAULT_VOICE_ID, displayOptions, description: VOICE_DESCRIPTION },
		SITE_DEFAULT_VOICE,
		{
			options: undefined,
			typeOptions: { loadOptionsMethod: 'getVoices' },
			description: `${VOICE_DESCRIPTION} Default for the Site: an English voice on runninghub.ai, a Chinese one on runninghub.cn (from the credential, when the node runs).`,
		},
	);
}

/** Voice, Voice Language and Speed: the speech settings Text to Speech and Lip Sync (text audio) share. */
export function voiceProperties(displayOptions?: INodeProperties['displayOptions']): INodeProperties[] {
	return [
		...voiceProperty(displayOptions),
		{
			displayName: 'Voice Language',
			name: 'voiceLanguage',
			type: 'options',
			options: [
				{ name: 'From Voice', value: 'auto', description: 'The language the chosen voice speaks' },
				{ name: 'Chinese', value: 'zh' },
				{ name: 'English', value: 'en' },
			],
			default: 'auto',
			displayOptions,
			description:
				'The language sent with the voice; it must match the voice. Set it explicitly only for a voice ID this node does not list yet.',
		},
		{
			displayName: 'Speed',
			name: 'voiceSpeed',
			type: 'number',
			typeOptions: { minValue: 0.8, maxValue: 2, numberPrecision: 1 },
			default: 1,
			displayOptions,
			description: 'Speaking speed from 0.8 to 2.0, in steps of 0.1',
		},
	];
}

/** The site of the node's credential, which decides "Default for the Site". */
export async function credentialSite(ctx: IExecuteFunctions): Promise<Site> {
	try {
		return siteOf(await ctx.getCredentials('runningHubApi'));
	} catch {
		return 'ai';
	}
}

/** A hint in n8n's output pane when an item's text is not in the voice's language (not an error: the call may still be wanted). */
export function hintLanguageMismatch(ctx: IExecuteFunctions, body: TtsBody, itemIndex: number): void {
	const warning = languageMismatch(body.text, body);
	if (warning) ctx.addExecutionHints({ message: `Item ${itemIndex}: ${warning}`, type: 'warning', location: 'outputPane' });
}

const properties: INodeProperties[] = [
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. Hello, and welcome to our channel!',
		description: 'The text to speak, up to 1000 characters. Write it in the voice\'s language.',
	},
	...voiceProperties(),
	WAIT_FOR_COMPLETION,
	MEDIA_SUBMIT_OPTIONS,
];

export const description = updateDisplayOptions({ show: { resource: ['audio'], operation: ['textToSpeech'] } }, properties);

export interface TtsBody extends IDataObject {
	text: string;
	voiceId: string;
	voiceLanguage: VoiceLanguage;
	voiceSpeed: number;
}

/** Reads and checks one item's text, voice, language and speed; nothing is sent yet. */
export function readTtsBody(ctx: IExecuteFunctions, itemIndex: number, site: Site = 'ai'): TtsBody {
	const node = ctx.getNode();
	const text = String(ctx.getNodeParameter('text', itemIndex, '') ?? '');
	if (!text.trim()) {
		throw inputError(node, {
			parameter: 'Text',
			problem: 'is empty',
			fix: 'Enter the text to speak (up to 1000 characters).',
			itemIndex,
		});
	}
	// Characters as people (and RunningHub's limit) count them: code points, not bytes or UTF-16 units.
	const length = Array.from(text).length;
	if (length > MAX_TEXT_CHARACTERS) {
		throw inputError(node, {
			parameter: 'Text',
			problem: `is ${length} characters long, ${length - MAX_TEXT_CHARACTERS} over the limit of ${MAX_TEXT_CHARACTERS}`,
			fix: `Shorten the text to at most ${MAX_TEXT_CHARACTERS} characters, or split it into several items (one Text to Speech call each).`,
			itemIndex,
		});
	}

	const picked = String(ctx.getNodeParameter('voiceId', itemIndex, DEFAULT_VOICE_ID) ?? '').trim();
	const voiceId = picked === SITE_DEFAULT_VOICE ? SITE_VOICES[site] : picked;
	if (!voiceId) {
		throw inputError(node, { parameter: 'Voice', problem: 'is empty', fix: 'Choose a voice from the list.', itemIndex });
	}
	const chosen = String(ctx.getNodeParameter('voiceLanguage', itemIndex, 'auto') ?? 'auto').trim() || 'auto';
	if (chosen !== 'auto' && chosen !== 'zh' && chosen !== 'en') {
		throw inputError(node, {
			parameter: 'Voice Language',
			problem: `"${chosen.slice(0, 20)}" is not a supported language`,
			fix: 'Choose From Voice, Chinese (zh) or English (en).',
			itemIndex,
		});
	}
	const voice = findVoice(voiceId);
	let voiceLanguage: VoiceLanguage;
	if (voice) {
		if (chosen !== 'auto' && chosen !== voice.language) {
			throw inputError(node, {
				parameter: 'Voice Language',
				problem: `${VOICE_LANGUAGE_NAMES[chosen]} does not match the voice "${voice.name}" (${voice.id}), which speaks ${VOICE_LANGUAGE_NAMES[voice.language]}`,
				fix: `Set Voice Language to From Voice or ${VOICE_LANGUAGE_NAMES[voice.language]}, or choose ${chosen === 'en' ? 'an English' : 'a Chinese'} voice, e.g. ${examples(chosen)}.`,
				itemIndex,
			});
		}
		voiceLanguage = voice.language;
	} else if (chosen === 'auto') {
		const caseless = KLING_VOICES.find((v) => v.id.toLowerCase() === voiceId.toLowerCase());
		throw inputError(node, {
			parameter: 'Voice',
			problem: `"${voiceId.slice(0, 60)}" is not a known Kling voice`,
			fix: caseless
				? `Voice IDs are case-sensitive: did you mean "${caseless.id}" (${caseless.name})?`
				: 'Choose a voice from the list. For a voice ID newer than this node, set Voice Language to its language (Chinese or English) and the ID is sent as it is.',
			itemIndex,
		});
	} else {
		voiceLanguage = chosen;
	}

	const voiceSpeed = checkNumberInRange(ctx, ctx.getNodeParameter('voiceSpeed', itemIndex, 1), 'Speed', itemIndex, SPEED_RANGE);
	if (Math.abs(voiceSpeed * 10 - Math.round(voiceSpeed * 10)) > 1e-9) {
		throw inputError(node, {
			parameter: 'Speed',
			problem: `${voiceSpeed} has more than one decimal place`,
			fix: `Enter a speed in steps of 0.1 from 0.8 to 2.0, e.g. ${(Math.round(voiceSpeed * 10) / 10).toFixed(1)}.`,
			itemIndex,
		});
	}
	return { text, voiceId, voiceLanguage, voiceSpeed: Math.round(voiceSpeed * 10) / 10 };
}

function examples(language: VoiceLanguage): string {
	return KLING_VOICES.filter((v: KlingVoice) => v.language === language)
		.slice(0, 3)
		.map((v) => v.name)
		.join(', ');
}

const isAudioFile = (o: TaskOutput): boolean =>
	Boolean(o.url) && (['mp3', 'wav', 'm4a', 'audio'].includes(o.type ?? '') || ['mp3', 'wav', 'm4a'].includes(extensionOf(o.url ?? '') ?? ''));

/** The audio ID (text result) and MP3 URL of a finished TTS task; both result shapes are accepted. */
export function ttsResult(task: TaskResult): { audioId: string | null; audioUrl: string | null } {
	let audioId: string | null = null;
	for (const output of task.outputs) {
		const text = output.text?.trim();
		if (!text) continue;
		if (/^\d+$/.test(text)) {
			audioId = text;
			break;
		}
		// Tolerate a JSON text result such as {"audio_id":"…"}.
		const match = /"audio_?id"\s*:\s*"?(\d+)"?/i.exec(text);
		if (match) {
			audioId = match[1];
			break;
		}
		audioId ??= text;
	}
	const audio = task.outputs.find(isAudioFile) ?? task.outputs.find((o) => o.url);
	return { audioId, audioUrl: audio?.url ?? null };
}

/**
 * Text to speech with a Kling voice. Returns the audio ID (for Lip Sync → Create Lip-Sync Video),
 * the MP3 URL when RunningHub returns one, and with Download Outputs the MP3 as binary data and
 * its measured length.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const propertyByItem = new Map<number, string>();
	const site = await credentialSite(this);
	const items = await runTaskOperation<TtsBody>(this, {
		prepare: (i, options) => {
			propertyByItem.set(i, options.binaryPropertyName);
			const body = readTtsBody(this, i, site);
			hintLanguageMismatch(this, body, i);
			return body;
		},
		submit: async (client, body, i, options) =>
			await client.submitModel(TTS_ENDPOINT, { ...body, ...(options.webhookUrl ? { webhookUrl: options.webhookUrl } : {}) }, i),
		format: (task, body) => {
			const { audioId, audioUrl } = ttsResult(task);
			if (!audioId && !audioUrl) {
				throw apiError(this.getNode(), {
					endpoint: `/openapi/v2/${TTS_ENDPOINT}`,
					taskId: task.taskId,
					message: 'RunningHub finished the text to speech task but returned neither an audio ID nor an audio file',
					hint: 'Run the item again; if it keeps happening, report the task ID to RunningHub.',
				});
			}
			return { audioId, audioUrl, voiceId: body.voiceId, voiceLanguage: body.voiceLanguage, voiceSpeed: body.voiceSpeed };
		},
		downloadable: isAudioFile,
		outputs: 'media',
	});
	for (const item of items) {
		const itemIndex = (item.pairedItem as IPairedItemData | undefined)?.item;
		const property = itemIndex === undefined ? undefined : propertyByItem.get(itemIndex);
		const meta = property ? ownBinary(item.binary, property) : undefined;
		if (!meta) continue;
		const durationMs = await durationOf(this, meta);
		// Version 2 has no null-only fields: an audio that cannot be measured has no durationMs.
		if (durationMs !== null || nodeVersion(this) < 2) item.json.durationMs = durationMs;
	}
	return items;
}

/** Length of downloaded audio in ms, read back through n8n's helpers (either binary mode). */
async function durationOf(ctx: IExecuteFunctions, meta: IBinaryData): Promise<number | null> {
	const bytes = meta.id
		? await ctx.helpers.binaryToBuffer(await ctx.helpers.getBinaryStream(meta.id))
		: Buffer.from(meta.data, BINARY_ENCODING);
	return measureAudioDuration(bytes, { mimeType: meta.mimeType, fileName: meta.fileName })?.durationMs ?? null;
}
