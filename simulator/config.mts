// Simulator configuration: timing, limits, webhook behaviour and the response variants that
// cover every shape docs/runninghub-api.md lists as uncertain. Everything here is switchable at run time
// through POST /__sim/config (or control.configure) and restored by reset.

export interface FaceSpec {
	faceId: string;
	startTime: number;
	endTime: number;
}

export interface Variants {
	/** Emit taskId (and other 19-digit ids) as bare JSON numbers instead of strings. */
	bareNumericIds: boolean;
	/** kling tts results: MP3 entry + audioId text (live shape) or the audioId text only (doc example). */
	ttsResult: 'mp3AndAudioId' | 'audioIdOnly';
	/** identify-face face entries: snake_case (live), camelCase, or one {"face_data":[…]} entry. */
	faceShape: 'snake' | 'camel' | 'faceData';
	/** identify-face images: one preview jpg, or one jpg per face. */
	faceImages: 'single' | 'perFace';
	/** v2 upload success code: 0 (docs) or 200 (seen live by one client). */
	uploadSuccessCode: 0 | 200;
	/** v2 upload envelope message key: `message` (docs) or `msg`. */
	uploadMessageKey: 'message' | 'msg';
	/** v2 upload over the size limit: {code:1008}, {code:809} (legacy style) or HTTP 413. */
	uploadTooLarge: 'code1008' | 'code809' | 'http413';
	/** v2 query of an unknown task answers HTTP 404 (body still errorCode 1004). */
	queryUnknownHttp404: boolean;
	/** v2 business errors carry a matching HTTP status (400/401/403/404/429…) instead of 200. */
	v2ErrorHttpStatus: boolean;
	/** Standard-model endpoints honour a `webhookUrl` body field (undocumented upstream). */
	webhookOnStandardModels: boolean;
	/** Label of a task that waits for a slot: QUEUED (docs) or CREATE (vendor code). */
	initialStatus: 'QUEUED' | 'CREATE';
	/** Submits finish synchronously: the submit response is already SUCCESS with results. */
	syncSuccess: boolean;
	/** v1 code for an empty wallet: 416 TASK_CREATE_FAILED_BY_NOT_ENOUGH_WALLET or 812 CORPAPIKEY_INSUFFICIENT_FUNDS. */
	insufficientFundsCode: 416 | 812;
	/** v2 run endpoints: v2-style errorCodes (1007/1101) or the v1 codes as strings ("380", "901", "803", "810"). */
	v2RunErrors: 'v2' | 'v1';
	/** v1 outputs 804 (running): data null or {netWssUrl}. */
	outputs804Data: 'null' | 'netWssUrl';
	/** Kling lip-sync rule violations (session, face, audio, timing): refused at submit, or the task fails later. */
	lipSyncRuleErrors: 'submit' | 'task';
	/** usage / cost fields: strings (docs) or all null. */
	usage: 'strings' | 'null';
	/** Webhook eventData: the v1 outputs answer as a JSON string (v1 docs) or the v2 task object as an object (standard-model docs, docs/runninghub-api.md §19). */
	webhookEventData: 'string' | 'object';
	/** Seeds of 2^64-1 as bare JSON integers: in getJsonApiFormat graphs (KSampler seed), in result entries and so in webhook event data. */
	bigIntegers: boolean;
	/** A task ID the server cannot read as an int64, on v1 endpoints: a v1 envelope (301), or the v2-style answer the v2 query gives (docs/runninghub-api.md §19). */
	v1BadIdAnswer: 'envelope' | 'v2';
	/** errorCode of a task without error: "" (docs) or "0". */
	successErrorCode: '' | '0';
	/** Legacy upload with a missing or wrong apiKey: 802, or code -1 as seen live (docs/runninghub-api.md §19). */
	legacyUploadAuthCode: 802 | -1;
	/** v2 upload with a wrong key: {code:1002} or {code:401, message:"ApiKey verification failed: …"} as documented (docs/runninghub-api.md §19). */
	v2UploadAuthCode: 1002 | 401;
	/** Error messages in English only, or "English | Chinese" as seen live (docs/runninghub-api.md §19). */
	bilingualMessages: boolean;
	/** apiCallDemo data: the short shape, or the full documented one (nodeName, fieldData, fieldType, descriptionEn, statisticsInfo; docs/runninghub-api.md §19). */
	apiCallDemo: 'short' | 'full';
	/** v2 query of a FAILED task: the full task object, or the short live shape {status, errorCode, errorMessage, results: null} without taskId (docs/runninghub-api.md §19). */
	queryFailedShape: 'full' | 'short';
	/** What a cancelled task reads as afterwards: CANCEL, or FAILED (the node must not call that "had already ended"). */
	cancelledStatus: 'CANCEL' | 'FAILED';
	/** v2 query of a task it does not know: the error shape (status null), or the live {taskId:"", status:"FAILED", errorCode:"1004"} (docs/runninghub-api.md §19). */
	queryUnknownShape: 'error' | 'failedLive';
	/** The v2 query does not know tasks created through v1 /task/openapi/create (unconfirmed either way, docs/runninghub-api.md §5): it answers them as unknown. */
	v2QueryMissesV1Created: boolean;
}

export interface WebhookConfig {
	timeoutMs: number;
	/** Retries after the first attempt on non-2xx / timeout / network error. */
	maxRetries: number;
	/** Backoff before retry n is retryBackoffMs * 2^(n-1). */
	retryBackoffMs: number;
	/** Deliver every event this many times. */
	duplicates: number;
	/** Wait this long after the task ends before the first attempt. */
	delayMs: number;
	/** > 1: hold events until this many are pending, then deliver them newest first. */
	reorderWindow: number;
	/** Flush a held event anyway after this long. */
	reorderMaxWaitMs: number;
}

export interface SimConfig {
	/** Time a task spends RUNNING; negative = never finishes on its own (use control). */
	taskDurationMs: number;
	/** Per-endpoint running time, keyed by model endpoint ('kling-lip-sync/tts') or submit path. */
	endpointDurations: Record<string, number>;
	/** Time a task stays QUEUED before it may start, even with a free slot. */
	queuedMs: number;
	/** Running tasks per key. */
	concurrencyLimit: number;
	/** Extra QUEUED tasks per key beyond the running ones; more are refused (421/415/1520). */
	queueLimit: number;
	/** Exclusive keys with usePersonalQueue may queue this many (then 814). */
	personalQueueLimit: number;
	/** v2 upload limit in bytes. */
	uploadMaxBytes: number;
	/** Legacy v1 upload limit (809 above it). */
	legacyUploadMaxBytes: number;
	/** > 0: generated output files are padded/stretched to this size (streamed, never buffered). */
	outputSizeBytes: number;
	/** > 0: served files answer 404 this long after creation. */
	fileTtlMs: number;
	/** Faces identify-face reports. */
	faces: FaceSpec[];
	/** Length of the video identify-face analysed (the lip-sync span must stay inside it). */
	faceVideoDurationMs: number;
	/** MP3 outputs start with a small ID3v2 tag, like real encoder output. */
	mp3Id3: boolean;
	webhook: WebhookConfig;
	variants: Variants;
}

export function defaultConfig(): SimConfig {
	return {
		taskDurationMs: 3000,
		endpointDurations: {},
		queuedMs: 0,
		concurrencyLimit: 3,
		queueLimit: 0,
		personalQueueLimit: 1000,
		uploadMaxBytes: 100 * 1024 * 1024,
		legacyUploadMaxBytes: 30 * 1024 * 1024,
		outputSizeBytes: 0,
		fileTtlMs: 0,
		faces: [
			{ faceId: '0', startTime: 200, endTime: 8300 },
			{ faceId: '1', startTime: 1000, endTime: 2500 },
		],
		faceVideoDurationMs: 10000,
		mp3Id3: true,
		webhook: {
			timeoutMs: 5000,
			maxRetries: 3,
			retryBackoffMs: 1000,
			duplicates: 1,
			delayMs: 0,
			reorderWindow: 0,
			reorderMaxWaitMs: 2000,
		},
		variants: {
			bareNumericIds: false,
			ttsResult: 'mp3AndAudioId',
			faceShape: 'snake',
			faceImages: 'single',
			uploadSuccessCode: 0,
			uploadMessageKey: 'message',
			uploadTooLarge: 'code1008',
			queryUnknownHttp404: false,
			v2ErrorHttpStatus: false,
			webhookOnStandardModels: true,
			initialStatus: 'QUEUED',
			syncSuccess: false,
			insufficientFundsCode: 416,
			v2RunErrors: 'v2',
			outputs804Data: 'null',
			lipSyncRuleErrors: 'submit',
			usage: 'strings',
			webhookEventData: 'string',
			bigIntegers: false,
			v1BadIdAnswer: 'envelope',
			successErrorCode: '',
			legacyUploadAuthCode: 802,
			v2UploadAuthCode: 1002,
			bilingualMessages: false,
			apiCallDemo: 'short',
			queryFailedShape: 'full',
			cancelledStatus: 'CANCEL',
			queryUnknownShape: 'error',
			v2QueryMissesV1Created: false,
		},
	};
}

export type ConfigPatch = Partial<Omit<SimConfig, 'webhook' | 'variants'>> & {
	webhook?: Partial<WebhookConfig>;
	variants?: Partial<Variants>;
};

/** Apply a partial config; unknown keys are an error so typos do not pass silently. */
export function applyConfig(cfg: SimConfig, patch: ConfigPatch): SimConfig {
	const base = defaultConfig();
	for (const [k, v] of Object.entries(patch ?? {})) {
		if (!(k in base)) throw new Error(`unknown config key: ${k}`);
		if (k === 'webhook' || k === 'variants') {
			const target = cfg[k] as unknown as Record<string, unknown>;
			for (const [sk, sv] of Object.entries((v ?? {}) as Record<string, unknown>)) {
				if (!(sk in base[k])) throw new Error(`unknown config key: ${k}.${sk}`);
				target[sk] = sv;
			}
		} else if (k === 'endpointDurations') {
			cfg.endpointDurations = { ...cfg.endpointDurations, ...(v as Record<string, number>) };
		} else {
			(cfg as unknown as Record<string, unknown>)[k] = structuredClone(v);
		}
	}
	return cfg;
}
