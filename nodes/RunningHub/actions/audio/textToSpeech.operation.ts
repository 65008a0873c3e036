import type { IBinaryData, IExecuteFunctions, INodeExecutionData, INodeProperties, IPairedItemData } from 'n8n-workflow';
import { BINARY_ENCODING, updateDisplayOptions } from 'n8n-workflow';

import { apiError } from '../../../core/api/errors';
import { TTS_ENDPOINT } from '../../../core/lipSync/rules';
import { ownBinary } from '../../../core/media/binary';
import { measureAudioDuration } from '../../../core/media/duration';
import { MEDIA_SUBMIT_OPTIONS, WAIT_FOR_COMPLETION } from '../../../core/run/submitOptions';
import { runTaskOperation } from '../../../core/run/taskOperation';
import { nodeVersion } from '../../../core/version';
import type { TtsBody } from '../helpers/speech';
import { hintLanguageMismatch, isAudioFile, readTtsBody, ttsResult } from '../helpers/speech';
import { credentialSite, voiceProperties } from '../helpers/voice';

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
