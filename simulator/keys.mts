// Simulated API keys. Each belongs to one site, like real RunningHub keys (a .cn key is
// APIKEY_UNAUTHORIZED on .ai and vice versa). Values are 32 characters, like real keys,
// and start with "sim" so nobody mistakes them for real ones.

export type Site = 'ai' | 'cn';
export type ApiType = 'SHARED' | 'NORMAL' | 'EXCLUSIVE';

export const SIM_KEYS = {
	/** Enterprise shared key on runninghub.ai: wallet money, standard models allowed. */
	aiShared: 'sim0ai0shared0000000000000000001',
	/** Consumer (member) key: coins; standard-model endpoints refuse it (v2 errorCode 1014). */
	aiNormal: 'sim0ai0normal0000000000000000002',
	/** Enterprise exclusive key: dedicated instances (415 when busy, personal queue). */
	aiExclusive: 'sim0ai0exclusive0000000000000003',
	/** Free user: every call is 801 APIKEY_UNSUPPORTED_FREE_USER. */
	aiFree: 'sim0ai0free000000000000000000004',
	/** Shared key with an empty wallet: submits refused (v1 416/812, v2 balance message). */
	aiBroke: 'sim0ai0broke00000000000000000005',
	/** Enterprise shared key on runninghub.cn (802 on the .ai site). */
	cnShared: 'sim0cn0shared0000000000000000006',
	/** Consumer key on runninghub.cn. */
	cnNormal: 'sim0cn0normal0000000000000000007',
} as const;

export type SimKeyName = keyof typeof SIM_KEYS;

export interface KeyInfo {
	name: SimKeyName;
	key: string;
	site: Site;
	apiType: ApiType;
	free: boolean;
	/** Starting wallet money (enterprise keys) or null. */
	money: number | null;
	/** Starting RH coins (consumer keys) or null. */
	coins: number | null;
	currency: 'USD' | 'CNY' | null;
}

const def = (
	name: SimKeyName,
	site: Site,
	apiType: ApiType,
	money: number | null,
	coins: number | null,
	free = false,
): KeyInfo => ({
	name,
	key: SIM_KEYS[name],
	site,
	apiType,
	free,
	money,
	coins,
	currency: money === null ? null : site === 'cn' ? 'CNY' : 'USD',
});

export const KEY_INFO: ReadonlyMap<string, KeyInfo> = new Map(
	[
		def('aiShared', 'ai', 'SHARED', 100000, null),
		def('aiNormal', 'ai', 'NORMAL', null, 177814),
		def('aiExclusive', 'ai', 'EXCLUSIVE', 100000, null),
		def('aiFree', 'ai', 'NORMAL', null, 0, true),
		def('aiBroke', 'ai', 'SHARED', 0, null),
		def('cnShared', 'cn', 'SHARED', 100000, null),
		def('cnNormal', 'cn', 'NORMAL', null, 177814),
	].map((k) => [k.key, k]),
);

export type AuthResult =
	| { ok: true; info: KeyInfo }
	| { ok: false; reason: 'unauthorized' | 'free' };

/** Who is calling: unknown key or wrong site → unauthorized; free account → free. */
export function authenticate(key: unknown, site: Site): AuthResult {
	const info = typeof key === 'string' ? KEY_INFO.get(key.trim()) : undefined;
	if (!info || info.site !== site) return { ok: false, reason: 'unauthorized' };
	if (info.free) return { ok: false, reason: 'free' };
	return { ok: true, info };
}

/** Mask a key the way getWebhookDetail shows it. */
export function maskKey(key: string): string {
	return key.length <= 8 ? '****' : `${key.slice(0, 4)}****${key.slice(-4)}`;
}
