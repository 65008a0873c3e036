/**
 * One speech request (text, voice, language, speed) read and checked from an item, and the audio
 * ID and URL of its finished task: shared by Audio → Text to Speech and Lip Sync (text audio).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../../../core/api/errors';
import type { KlingVoice, Site, VoiceLanguage } from '../../../core/lipSync/voices';
import { DEFAULT_VOICE_ID, KLING_VOICES, SITE_DEFAULT_VOICE, SITE_VOICES, VOICE_LANGUAGE_NAMES, findVoice, languageMismatch } from '../../../core/lipSync/voices';
import { extensionOf } from '../../../core/media/binary';
import type { TaskOutput, TaskResult } from '../../../core/tasks/task';
import { checkNumberInRange } from '../../../core/validation';

/** RunningHub's limit on `text` (docs/runninghub-api.md §3), counted in characters. */
export const MAX_TEXT_CHARACTERS = 1000;
export const SPEED_RANGE = { min: 0.8, max: 2 };

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

/** A hint in n8n's output pane when an item's text is not in the voice's language (not an error: the call may still be wanted). */
export function hintLanguageMismatch(ctx: IExecuteFunctions, body: TtsBody, itemIndex: number): void {
	const warning = languageMismatch(body.text, body);
	if (warning) ctx.addExecutionHints({ message: `Item ${itemIndex}: ${warning}`, type: 'warning', location: 'outputPane' });
}

/** Whether a task output is the spoken audio file (what Download Outputs fetches). */
export const isAudioFile = (o: TaskOutput): boolean =>
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
