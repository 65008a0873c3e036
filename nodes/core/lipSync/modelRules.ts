/**
 * The lip-sync rules of docs/runninghub-api.md §2–§4 for requests built field by field (Model → Run on a
 * kling-lip-sync endpoint), so they are refused before the paid call as in the Lip Sync
 * operations: exactly one video (identify-face) or audio (lip-sync-video), timings that fit
 * together, and a TTS language that matches the voice. Values are API types (after coercion).
 */
import type { ValidationProblem } from '../catalogue/types';
import { IDENTIFY_FACE_ENDPOINT, LIP_SYNC_VIDEO_ENDPOINT, TTS_ENDPOINT } from './rules';
import type { Timings } from './timing';
import { TIMING_PARAMETERS, validateTimings } from './timing';
import type { VoiceLanguage } from './voices';
import { findVoice, VOICE_LANGUAGE_NAMES } from './voices';

type Body = Record<string, unknown>;

interface Field {
	key: string;
	label: string;
}

const given = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

function ruleProblem(field: Field, text: string): ValidationProblem {
	return { key: field.key, label: field.label, code: 'rule', message: `${field.label} (${field.key}) ${text}` };
}

function exactlyOne(body: Body, a: Field, b: Field, what: string): ValidationProblem | undefined {
	if (given(body[a.key]) && given(body[b.key])) {
		return ruleProblem(a, `and ${b.label} (${b.key}) are both set, but ${what} takes exactly one of them. Clear one.`);
	}
	if (!given(body[a.key]) && !given(body[b.key])) {
		return ruleProblem(a, `or ${b.label} (${b.key}) is required: ${what} takes exactly one of them. Fill in one.`);
	}
	return undefined;
}

function timingProblems(body: Body): ValidationProblem[] {
	const keys = Object.keys(TIMING_PARAMETERS) as Array<keyof Timings>;
	// Types and ranges of each field are the registry's checks; this needs three whole numbers.
	if (!keys.every((key) => Number.isSafeInteger(body[key]))) return [];
	const problem = validateTimings({
		soundStartTime: body.soundStartTime as number,
		soundEndTime: body.soundEndTime as number,
		soundInsertTime: body.soundInsertTime as number,
	});
	if (!problem) return [];
	const key = keys.find((k) => TIMING_PARAMETERS[k] === problem.parameter) ?? 'soundEndTime';
	return [ruleProblem({ key, label: problem.parameter }, `is wrong: ${problem.problem}. ${problem.fix}`)];
}

function voiceProblems(body: Body): ValidationProblem[] {
	const voice = typeof body.voiceId === 'string' ? findVoice(body.voiceId) : undefined;
	const language = body.voiceLanguage;
	if (!voice || typeof language !== 'string' || language === voice.language) return [];
	const field = { key: 'voiceLanguage', label: 'Voice Language' };
	// The registry's list check has already limited the language to zh or en.
	const wanted = VOICE_LANGUAGE_NAMES[language as VoiceLanguage] ?? language;
	const text = `must match the voice: ${voice.id} (${voice.name}) speaks ${VOICE_LANGUAGE_NAMES[voice.language]}; got ${JSON.stringify(language)}. Set Voice Language to ${voice.language}, or choose a voice that speaks ${wanted}.`;
	return [ruleProblem(field, text)];
}

/** Problems of a kling-lip-sync request body beyond each field's own rules; [] for other models. */
export function lipSyncModelProblems(endpoint: string, body: Body): ValidationProblem[] {
	const problems: Array<ValidationProblem | undefined> = [];
	if (endpoint === IDENTIFY_FACE_ENDPOINT) {
		problems.push(exactlyOne(body, { key: 'videoUrl', label: 'Video URL' }, { key: 'videoId', label: 'Video ID' }, 'face identification'));
	} else if (endpoint === LIP_SYNC_VIDEO_ENDPOINT) {
		problems.push(exactlyOne(body, { key: 'audioId', label: 'Audio ID' }, { key: 'audioUrl', label: 'Audio URL' }, 'lip-sync'));
		problems.push(...timingProblems(body));
	} else if (endpoint === TTS_ENDPOINT) {
		problems.push(...voiceProblems(body));
	}
	return problems.filter((p): p is ValidationProblem => p !== undefined);
}
