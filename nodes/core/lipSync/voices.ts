/**
 * The Kling voices of `kling-lip-sync/tts` (docs/runninghub-api.md §3): the 46 IDs in the order RunningHub
 * publishes them, each with the language RunningHub's schema pairs it with. RunningHub gives no
 * language per voice; the split (the last 11 English, the rest Chinese) follows a third-party
 * schema that prefixes them `en_` / `zh_` [I]. Names are English renderings of Kling's own
 * catalogue names (Chinese voices) or Kling's English names. The one list of voices in the package.
 */
export type VoiceLanguage = 'zh' | 'en';

export interface KlingVoice {
	id: string;
	language: VoiceLanguage;
	name: string;
}

export const VOICE_LANGUAGE_NAMES: Record<VoiceLanguage, string> = { zh: 'Chinese', en: 'English' };

export const DEFAULT_VOICE_ID = 'genshin_klee2';

export const KLING_VOICES: readonly KlingVoice[] = [
	{ id: 'genshin_vindi2', language: 'zh', name: 'Sunny Boy' },
	{ id: 'zhinen_xuesheng', language: 'zh', name: 'Sensible Little Brother' },
	{ id: 'tiyuxi_xuedi', language: 'zh', name: 'Sporty Boy' },
	{ id: 'ai_shatang', language: 'zh', name: 'Youthful Girl' },
	{ id: 'genshin_klee2', language: 'zh', name: 'Gentle Little Sister' },
	{ id: 'genshin_kirara', language: 'zh', name: 'Energetic Girl' },
	{ id: 'ai_kaiya', language: 'zh', name: 'Sunny Young Man' },
	{ id: 'tiexin_nanyou', language: 'zh', name: 'Humorous Guy' },
	{ id: 'ai_chenjiahao_712', language: 'zh', name: 'Artsy Guy' },
	{ id: 'girlfriend_1_speech02', language: 'zh', name: 'Sweet Girl Next Door' },
	{ id: 'chat1_female_new-3', language: 'zh', name: 'Gentle Older Sister' },
	{ id: 'girlfriend_2_speech02', language: 'zh', name: 'Young Professional Woman' },
	{ id: 'cartoon-boy-07', language: 'zh', name: 'Lively Little Boy' },
	{ id: 'cartoon-girl-01', language: 'zh', name: 'Playful Little Girl' },
	{ id: 'ai_huangyaoshi_712', language: 'zh', name: 'Steady Dad' },
	{ id: 'you_pingjing', language: 'zh', name: 'Gentle Mom' },
	{ id: 'ai_laoguowang_712', language: 'zh', name: 'Stern Boss' },
	{ id: 'chengshu_jiejie', language: 'zh', name: 'Elegant Lady' },
	{ id: 'zhuxi_speech02', language: 'zh', name: 'Kind Grandpa' },
	{ id: 'uk_oldman3', language: 'zh', name: 'Chatty Grandpa' },
	{ id: 'laopopo_speech02', language: 'zh', name: 'Chatty Grandma' },
	{ id: 'heainainai_speech02', language: 'zh', name: 'Kindly Grandma' },
	{ id: 'dongbeilaotie_speech02', language: 'zh', name: 'Northeastern Buddy (Dongbei Accent)' },
	{ id: 'chongqingxiaohuo_speech02', language: 'zh', name: 'Chongqing Young Man (Chongqing Accent)' },
	{ id: 'chuanmeizi_speech02', language: 'zh', name: 'Sichuan Girl (Sichuan Accent)' },
	{ id: 'chaoshandashu_speech02', language: 'zh', name: 'Chaoshan Uncle (Chaoshan Accent)' },
	{ id: 'ai_taiwan_man2_speech02', language: 'zh', name: 'Taiwanese Young Man (Taiwan Accent)' },
	{ id: 'xianzhanggui_speech02', language: 'zh', name: 'Xi\'an Shopkeeper (Shaanxi Accent)' },
	{ id: 'tianjinjiejie_speech02', language: 'zh', name: 'Tianjin Sister (Tianjin Accent)' },
	{ id: 'diyinnansang_DB_CN_M_04-v2', language: 'zh', name: 'Male News Anchor' },
	{ id: 'yizhipiannan-v1', language: 'zh', name: 'Dubbed Film Narrator' },
	{ id: 'guanxiaofang-v2', language: 'zh', name: 'Energetic Girl 2' },
	{ id: 'tianmeixuemei-v1', language: 'zh', name: 'Sweet Girlfriend' },
	{ id: 'daopianyansang-v1', language: 'zh', name: 'Raspy Smoky Voice' },
	{ id: 'mengwa-v1', language: 'zh', name: 'Well-Behaved Little Boy' },
	{ id: 'AOT', language: 'en', name: 'Ace' },
	{ id: 'oversea_male1', language: 'en', name: 'Anchor' },
	{ id: 'girlfriend_4_speech02', language: 'en', name: 'Melody' },
	{ id: 'chat_0407_5-1', language: 'en', name: 'Siren' },
	{ id: 'uk_boy1', language: 'en', name: 'Bud' },
	{ id: 'PeppaPig_platform', language: 'en', name: 'Candy' },
	{ id: 'ai_huangzhong_712', language: 'en', name: 'Beacon' },
	{ id: 'calm_story1', language: 'en', name: 'Lore' },
	{ id: 'uk_man2', language: 'en', name: 'Crag' },
	{ id: 'reader_en_m-v1', language: 'en', name: 'The Reader' },
	{ id: 'commercial_lady_en_f-v1', language: 'en', name: 'Commercial Lady' },
];

const BY_ID = new Map(KLING_VOICES.map((v) => [v.id, v]));

/** The voice with this ID (exact, case-sensitive like RunningHub's enum), if it is a known one. */
export function findVoice(id: string): KlingVoice | undefined {
	return BY_ID.get(id);
}

/**
 * Version 2's Voice default. n8n cannot make a parameter's default depend on the credential,
 * so the default is this value, resolved when the node runs: an English voice on runninghub.ai,
 * a Chinese one on runninghub.cn (each site's users mostly write in its language).
 */
export const SITE_DEFAULT_VOICE = 'siteDefault';

export type Site = 'ai' | 'cn';

export const SITE_VOICES: Record<Site, string> = { ai: 'reader_en_m-v1', cn: DEFAULT_VOICE_ID };

/** The site a credential is for: its Site, or for a custom Base URL a .cn host means China. */
export function siteOf(credentials: { site?: unknown; baseUrl?: unknown } | undefined): Site {
	if (credentials?.site === 'cn') return 'cn';
	if (credentials?.site !== 'custom' || typeof credentials.baseUrl !== 'string') return 'ai';
	try {
		return new URL(credentials.baseUrl).hostname.toLowerCase().endsWith('.cn') ? 'cn' : 'ai';
	} catch {
		return 'ai';
	}
}

/**
 * The language a text is written in, by its letters: Chinese when it has Han characters and
 * more of them than Latin letters, English when it has Latin letters and no more Han; undefined
 * for a text of digits and signs only (or other scripts), about which nothing can be said.
 */
export function scriptLanguage(text: string): VoiceLanguage | undefined {
	const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
	const latin = (text.match(/\p{Script=Latin}/gu) ?? []).length;
	if (han === 0 && latin === 0) return undefined;
	return han >= latin / 4 && han > 0 ? 'zh' : 'en';
}

/** A warning when the text is written in another language than the voice speaks, else undefined. */
export function languageMismatch(text: string, voice: { voiceId: string; voiceLanguage: VoiceLanguage }): string | undefined {
	const written = scriptLanguage(text);
	if (!written || written === voice.voiceLanguage) return undefined;
	const name = findVoice(voice.voiceId)?.name ?? voice.voiceId;
	return `The text looks ${VOICE_LANGUAGE_NAMES[written]} but the voice "${name}" speaks ${VOICE_LANGUAGE_NAMES[voice.voiceLanguage]}: the speech may sound wrong. Choose ${written === 'en' ? 'an English' : 'a Chinese'} voice, or write the text in ${VOICE_LANGUAGE_NAMES[voice.voiceLanguage]}.`;
}
