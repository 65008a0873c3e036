/**
 * Every RunningHub error code we know (docs/runninghub-api.md §14), with what it means for the user and what to
 * do about it. v1 codes arrive as `code` in `{code,msg,data}`; v2 codes as the string `errorCode`.
 */
export type ErrorKind =
	| 'capacity' // concurrency/queue limits: retried with a long backoff, never billed
	| 'rateLimit' // too many requests: retried with backoff
	| 'transient' // server-side hiccup: retried with backoff
	| 'validation' // a parameter is wrong: fix the input
	| 'auth' // key or site problem
	| 'balance' // no money or coins left
	| 'moderation' // content refused
	| 'notFound' // task, workflow, app or webhook does not exist
	| 'taskFailed' // the task ran and failed
	| 'other';

export interface ErrorCodeInfo {
	name: string;
	kind: ErrorKind;
	/** What happened, in plain words. */
	meaning: string;
	/** What the user can do. */
	action: string;
}

const TOP_UP = 'Top up your RunningHub wallet or coins, then run the node again.';
const WAIT_FOR_TASKS =
	'Wait for your running RunningHub tasks to finish, lower the node\'s Concurrency option, or raise the key\'s concurrency limit.';
const CHECK_KEY =
	'Check the API key in the RunningHub credential and that its Site matches where the key was issued (runninghub.ai and runninghub.cn keys are separate).';

export const V1_ERROR_CODES: Record<number, ErrorCodeInfo> = {
	// Seen live on the legacy upload: {"code":-1,"msg":"ApiKey verification failed"} and "apiKey is required" (docs/runninghub-api.md §19).
	[-1]: { name: 'APIKEY_VERIFICATION_FAILED', kind: 'auth', meaning: 'The API key is missing or was rejected', action: CHECK_KEY },
	301: { name: 'PARAMS_INVALID', kind: 'validation', meaning: 'A parameter is missing or invalid', action: 'Check the parameters RunningHub names, then run the item again.' },
	380: { name: 'WORKFLOW_NOT_EXISTS', kind: 'notFound', meaning: 'The workflow does not exist', action: 'Check the Workflow ID (from the workflow page URL) and that the key belongs to the same site.' },
	// The v2 upload answers a bad key with {"code":401,"message":"ApiKey verification failed: ..."} (docs/runninghub-api.md §19).
	401: { name: 'UNAUTHORIZED', kind: 'auth', meaning: 'The API key was rejected', action: CHECK_KEY },
	412: { name: 'TOKEN_INVALID', kind: 'auth', meaning: 'The API path or base URL is not a RunningHub API', action: 'Check the Site or Base URL in the RunningHub credential.' },
	415: { name: 'TASK_INSTANCE_MAXED', kind: 'capacity', meaning: 'No dedicated instance is free for this exclusive key', action: 'Wait and retry, or turn on Use Personal Queue.' },
	416: { name: 'TASK_CREATE_FAILED_BY_NOT_ENOUGH_WALLET', kind: 'balance', meaning: 'The wallet balance is too low to start the task', action: TOP_UP },
	421: { name: 'TASK_QUEUE_MAXED', kind: 'capacity', meaning: 'The key\'s concurrency limit is reached', action: WAIT_FOR_TASKS },
	423: { name: 'TASK_NOT_FOUNED', kind: 'notFound', meaning: 'The task was not found', action: 'Check the Task ID and that it was created with a key of the same site.' },
	433: { name: 'VALIDATE_PROMPT_FAILED', kind: 'validation', meaning: 'RunningHub could not validate the workflow with these inputs', action: 'Check the node input overrides (node ID, field name, value) against the workflow; the details are below.' },
	435: { name: 'TASK_USER_EXCLAPI_INSTANCE_NOT_FOUND', kind: 'validation', meaning: 'No 48 GB instance is available', action: 'Set Instance Type to Plus, or retry later.' },
	436: { name: 'TASK_USER_EXCLAPI_REQUIRED', kind: 'auth', meaning: 'The exclusive membership has expired', action: 'Renew the exclusive membership or use a shared key.' },
	500: { name: 'UNKNOWN_ERROR', kind: 'other', meaning: 'RunningHub reported an unknown server error', action: 'Retry later; if it persists, contact RunningHub support with the task ID.' },
	801: { name: 'APIKEY_UNSUPPORTED_FREE_USER', kind: 'auth', meaning: 'Free accounts cannot use API keys', action: 'Upgrade to a membership or use an enterprise key.' },
	802: { name: 'APIKEY_UNAUTHORIZED', kind: 'auth', meaning: 'The API key was rejected', action: CHECK_KEY },
	803: { name: 'APIKEY_INVALID_NODE_INFO', kind: 'validation', meaning: 'A node input override does not match the workflow', action: 'Check each override\'s node ID and field name with the Get Workflow Inputs operation.' },
	804: { name: 'APIKEY_TASK_IS_RUNNING', kind: 'other', meaning: 'The task is still running', action: 'Wait for the task to finish.' },
	805: { name: 'APIKEY_TASK_STATUS_ERROR', kind: 'taskFailed', meaning: 'The task failed', action: 'See the failure reason; fix the inputs and run again.' },
	806: { name: 'APIKEY_USER_NOT_FOUND', kind: 'auth', meaning: 'No user was found for this API key', action: CHECK_KEY },
	807: { name: 'APIKEY_TASK_NOT_FOUND', kind: 'notFound', meaning: 'The task was not found', action: 'Check the Task ID and that it was created with this key on this site.' },
	808: { name: 'APIKEY_UPLOAD_FAILED', kind: 'other', meaning: 'The upload failed', action: 'Check the file and retry.' },
	809: { name: 'APIKEY_FILE_SIZE_EXCEEDED', kind: 'validation', meaning: 'The file is larger than RunningHub accepts (30 MB for this upload)', action: 'Use a smaller file, or host it elsewhere and pass its public URL.' },
	810: { name: 'WORKFLOW_NOT_SAVED_OR_NOT_RUNNING', kind: 'validation', meaning: 'The workflow has never been saved and run on RunningHub', action: 'Open the workflow on RunningHub, save it and run it once, then retry.' },
	811: { name: 'CORPAPIKEY_INVALID', kind: 'auth', meaning: 'The enterprise API key is invalid', action: CHECK_KEY },
	812: { name: 'CORPAPIKEY_INSUFFICIENT_FUNDS', kind: 'balance', meaning: 'The enterprise balance is insufficient', action: TOP_UP },
	813: { name: 'APIKEY_TASK_IS_QUEUED', kind: 'other', meaning: 'The task is queued', action: 'Wait for the task to start.' },
	814: { name: 'PERSONAL_QUEUE_COUNT_LIMIT', kind: 'capacity', meaning: 'The personal queue already holds 1000 tasks', action: 'Wait for queued tasks to finish before submitting more.' },
	901: { name: 'WEBAPP_NOT_EXISTS', kind: 'notFound', meaning: 'The AI app does not exist', action: 'Check the AI App ID (from the app page URL) and the site.' },
};

export const V2_ERROR_CODES: Record<string, ErrorCodeInfo> = {
	'1000': { name: 'UNKNOWN_ERROR', kind: 'other', meaning: 'RunningHub reported an unknown error', action: 'Retry later; if it persists, contact RunningHub support with the task ID.' },
	'1001': { name: 'INVALID_URL', kind: 'validation', meaning: 'The API path is invalid', action: 'Check the Site or Base URL, and the model endpoint.' },
	'1002': { name: 'INVALID_API_KEY', kind: 'auth', meaning: 'The API key was rejected', action: CHECK_KEY },
	'1003': { name: 'RATE_LIMIT', kind: 'rateLimit', meaning: 'Too many requests', action: 'Slow down: lower the Concurrency option or add a Wait before this node.' },
	'1004': { name: 'TASK_NOT_FOUND', kind: 'notFound', meaning: 'The task was not found or has expired', action: 'Check the Task ID and that it was created with this key on this site.' },
	'1005': { name: 'INTERNAL_ERROR', kind: 'transient', meaning: 'RunningHub had an internal error', action: 'Retry later.' },
	'1006': { name: 'TASK_TIMEOUT', kind: 'taskFailed', meaning: 'The task ran out of time on RunningHub', action: 'Run it again, possibly with smaller inputs.' },
	'1007': { name: 'PARAMS_INVALID', kind: 'validation', meaning: 'A parameter failed validation', action: 'Fix the parameter RunningHub names, then run the item again.' },
	'1008': { name: 'FILE_TOO_LARGE', kind: 'validation', meaning: 'A file is larger than RunningHub accepts', action: 'Use a smaller file (or a shorter or lower-resolution video).' },
	'1009': { name: 'METHOD_NOT_SUPPORTED', kind: 'validation', meaning: 'The HTTP method is not supported by this endpoint', action: 'This is a bug in the node: please report it.' },
	// Not one of the documented "wait and submit again" codes (421, 415, 1520, 1011): after a submit
	// it does not prove that nothing was created.
	'1010': { name: 'SERVICE_UNAVAILABLE', kind: 'transient', meaning: 'The service is unavailable', action: 'Retry later.' },
	'1011': { name: 'SYSTEM_BUSY', kind: 'capacity', meaning: 'RunningHub or the model is busy', action: 'Retry later.' },
	'1012': { name: 'UPSTREAM_ERROR', kind: 'transient', meaning: 'The model provider behind RunningHub failed', action: 'Retry later.' },
	'1013': { name: 'FILE_PROCESSING_FAILED', kind: 'validation', meaning: 'RunningHub could not process an input file', action: 'Check that every file URL is public, not expired and of a supported format; re-upload if needed.' },
	'1014': { name: 'ACCESS_DENIED_STANDARD_MODEL', kind: 'auth', meaning: 'Standard-model APIs (lip-sync, TTS, the model catalogue) need an enterprise shared API key', action: 'Create an enterprise shared key in the RunningHub API console and use it in the credential.' },
	'1015': { name: 'GENERATION_FAILED', kind: 'taskFailed', meaning: 'The generation failed', action: 'Run it again; if it keeps failing, change the inputs.' },
	'1101': { name: 'NODE_INFO_ERROR', kind: 'validation', meaning: 'A node input override does not match the workflow or app', action: 'Check each override\'s node ID and field name with the Get Workflow Inputs operation.' },
	'1501': { name: 'CONTENT_MODERATION', kind: 'moderation', meaning: 'The content was refused by moderation', action: 'Change the text, image or video so it passes RunningHub\'s content rules.' },
	'1504': { name: 'MODEL_TIMEOUT', kind: 'taskFailed', meaning: 'The model timed out', action: 'Run it again later.' },
	'1505': { name: 'REAL_PEOPLE_PROHIBITED', kind: 'moderation', meaning: 'Photorealistic real people are not allowed for this model', action: 'Use a different image or model.' },
	'1520': { name: 'TASK_USER_CONCURRENT_LIMIT', kind: 'capacity', meaning: 'The account\'s concurrent task limit is reached', action: WAIT_FOR_TASKS },
};

/** v2 has no balance code; clients recognise it by message keywords, Chinese ones included (docs/runninghub-api.md §14b). */
const BALANCE_WORDS = /balance|insufficient|余额|not enough (money|coins)/i;

export function lookupErrorCode(code: string | number, message = ''): ErrorCodeInfo | undefined {
	const text = String(code).trim();
	const known = /^-?\d+$/.test(text) && Number(text) < 1000 ? V1_ERROR_CODES[Number(text)] : V2_ERROR_CODES[text];
	// RunningHub reports an empty v2 wallet as a generic error (1000) with a balance message.
	if ((!known || known.kind === 'other') && BALANCE_WORDS.test(message)) {
		return { name: 'INSUFFICIENT_BALANCE', kind: 'balance', meaning: 'The balance is too low', action: TOP_UP };
	}
	return known;
}

/**
 * The entry of a code's name, for a message that names another code than the one it came with
 * (live: 1007 with "WORKFLOW_NOT_EXISTS: workflow 1234 does not exist"); its advice fits better.
 */
export function codeInfoByName(name: string): ErrorCodeInfo | undefined {
	return [...Object.values(V1_ERROR_CODES), ...Object.values(V2_ERROR_CODES)].find((info) => info.name === name);
}

/**
 * What a RunningHub code without a task ID says about a submit (a request that creates a paid
 * task), decided per kind of code (each code's kind is in the tables above):
 * - `retry`: a capacity or rate refusal; nothing was created, so it is sent again after a wait
 *   (docs/runninghub-api.md §15: 421, 415, 1520, 1011 "wait and submit again", 1003 back off);
 * - `refused`: a certain refusal that created nothing (bad parameters, key, balance, moderation,
 *   an app, workflow or model that does not exist): reported, the input has to change;
 * - `unknown`: anything else (server errors 1000/500/1005/1012/1010, codes about a task that ran,
 *   and every code not in the tables): the task may exist and be billed, so it is not sent again
 *   and the error says how to check.
 */
export type SubmitOutcome = 'retry' | 'refused' | 'unknown';

const SUBMIT_OUTCOMES: Record<ErrorKind, SubmitOutcome> = {
	capacity: 'retry',
	rateLimit: 'retry',
	validation: 'refused',
	auth: 'refused',
	balance: 'refused',
	moderation: 'refused',
	notFound: 'refused',
	transient: 'unknown',
	taskFailed: 'unknown',
	other: 'unknown',
};

/** The outcome of a submit answered with `kind` (undefined: a code we do not know). */
export function submitOutcomeOf(kind: ErrorKind | undefined): SubmitOutcome {
	return kind === undefined ? 'unknown' : SUBMIT_OUTCOMES[kind];
}

/** Codes that mean "try again later" for a request that created nothing. */
export function isRetryableKind(kind: ErrorKind | undefined): boolean {
	return kind === 'capacity' || kind === 'rateLimit' || kind === 'transient';
}
