/**
 * The Kling voice parameters (Voice, Voice Language, Speed) that Audio → Text to Speech and
 * Lip Sync (text audio) share, with the voice list and the site that picks the default voice.
 */
import type { IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { Site, VoiceLanguage } from '../../../core/lipSync/voices';
import { DEFAULT_VOICE_ID, KLING_VOICES, SITE_DEFAULT_VOICE, SITE_VOICES, VOICE_LANGUAGE_NAMES, findVoice, siteOf } from '../../../core/lipSync/voices';
import { defaultChangedIn } from '../../../core/version';

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
