/**
 * Readable English labels from machine names: field keys (`imageUrl` → `Image URL`) and
 * endpoint slugs (`kling-lip-sync/tts` → `Kling Lip Sync · TTS`). Used by the catalogue
 * generator and by any code that shows RunningHub field names (workflow and AI-app inputs).
 */

/** Words with a fixed spelling (acronyms, brand names), keyed by their lower-case form. */
const WORDS: Record<string, string> = {
	ai: 'AI',
	asyn: 'Async',
	aigc: 'AIGC',
	api: 'API',
	base64: 'Base64',
	bgm: 'BGM',
	bytedance: 'ByteDance',
	cfg: 'CFG',
	cgi: 'CGI',
	cv: 'CV',
	dop: 'DoP',
	dreamactor: 'DreamActor',
	fps: 'FPS',
	gemini31flash: 'Gemini 3.1 Flash',
	gpt: 'GPT',
	happyhorse: 'HappyHorse',
	hd: 'HD',
	hitem3d: 'HiTem3D',
	hunyuan3d: 'Hunyuan3D',
	hypir: 'HYPIR',
	i2v: 'I2V',
	id: 'ID',
	ids: 'IDs',
	lora: 'LoRA',
	ltx: 'LTX',
	minimax: 'MiniMax',
	pbr: 'PBR',
	pixverse: 'PixVerse',
	refrence: 'Reference',
	rh: 'RH',
	rhart: 'RHArt',
	runwayml: 'RunwayML',
	'sd2.0': 'SD2.0',
	skyreels: 'SkyReels',
	sparkvideo: 'SparkVideo',
	t2v: 'T2V',
	topazlabs: 'Topaz Labs',
	tts: 'TTS',
	url: 'URL',
	urls: 'URLs',
	xai: 'xAI',
};

/** Joining words kept lower-case inside a title. */
const SMALL_WORDS = new Set(['and', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'to', 'with']);

/** Keys too short or too cryptic to spell out from their parts. */
const KEY_LABELS: Record<string, string> = {
	cref: 'Character Reference',
	cw: 'Character Weight',
	elementReferList: 'Element Reference List',
	imageNum: 'Number of Images',
	isPano: 'Is Panorama',
	iw: 'Image Weight',
	n: 'Number of Images',
	oref: 'Omni Reference',
	pronunciation_dict: 'Pronunciation Dictionary',
	ow: 'Omni Reference Weight',
	sref: 'Style Reference',
	sv: 'Style Version',
	sw: 'Style Weight',
	taPose: 'A/T Pose',
};

function capitalise(word: string): string {
	return word.charAt(0).toUpperCase() + word.slice(1);
}

/** One word of a label: fixed spellings, versions (`v2.5` → `V2.5`), sizes (`4k` → `4K`). */
export function labelWord(word: string, first: boolean): string {
	const lower = word.toLowerCase();
	if (WORDS[lower] !== undefined) return WORDS[lower];
	if (!first && SMALL_WORDS.has(lower)) return lower;
	if (/^\d+(\.\d+)?[bdk]$/.test(lower)) return lower.toUpperCase();
	if (/^[a-z]\d/.test(lower)) return lower.toUpperCase();
	return capitalise(word);
}

/**
 * Splits `enable_base64_output`, `firstFrameUrl`, `aspect-ratio`, `seedance2.0` into words;
 * words with a fixed spelling (`base64`, `hitem3d`) stay whole.
 */
export function splitWords(text: string): string[] {
	return text
		.replace(/([a-z])([A-Z])/g, '$1 $2')
		.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
		.split(/[\s_-]+/)
		.filter((word) => word !== '')
		.map((word) =>
			WORDS[word.toLowerCase()] === undefined ? word.replace(/([a-zA-Z]{3,})(\d)/g, '$1 $2') : word,
		)
		.join(' ')
		.split(' ');
}

/** `imageUrl` → `Image URL`, `aspectRatio` → `Aspect Ratio`, `voice_id` → `Voice ID`. */
export function labelFromKey(key: string): string {
	const fixed = KEY_LABELS[key];
	if (fixed !== undefined) return fixed;
	const words = splitWords(key);
	if (words.length === 0) return key;
	return words.map((word, index) => labelWord(word, index === 0)).join(' ');
}

/** `kling-lip-sync/tts` → `Kling Lip Sync · TTS`. */
export function titleFromSlug(slug: string): string {
	return slug
		.split('/')
		.map((part) => part.trim())
		.filter((part) => part !== '')
		.map((part) => {
			const words = splitWords(part);
			return words.map((word, index) => labelWord(word, index === 0)).join(' ');
		})
		.join(' · ');
}
