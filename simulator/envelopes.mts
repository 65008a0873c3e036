// The two RunningHub response envelopes and their error vocabularies (docs/runninghub-api.md §0, §14).
// v1: {code, msg, data}, HTTP 200 even for business errors. v2: a flat task object whose
// errorCode/errorMessage are strings ("" when OK). v2 upload/queue use {code, message, data}.

export const V1_CODES: Record<number, string> = {
	0: 'success',
	1: 'error',
	301: 'PARAMS_INVALID',
	380: 'WORKFLOW_NOT_EXISTS',
	412: 'TOKEN_INVALID',
	415: 'TASK_INSTANCE_MAXED',
	416: 'TASK_CREATE_FAILED_BY_NOT_ENOUGH_WALLET',
	421: 'TASK_QUEUE_MAXED',
	423: 'TASK_NOT_FOUNED',
	433: 'VALIDATE_PROMPT_FAILED',
	435: 'TASK_USER_EXCLAPI_INSTANCE_NOT_FOUND',
	436: 'TASK_USER_EXCLAPI_REQUIRED',
	500: 'UNKNOWN_ERROR',
	801: 'APIKEY_UNSUPPORTED_FREE_USER',
	802: 'APIKEY_UNAUTHORIZED',
	803: 'APIKEY_INVALID_NODE_INFO',
	804: 'APIKEY_TASK_IS_RUNNING',
	805: 'APIKEY_TASK_STATUS_ERROR',
	806: 'APIKEY_USER_NOT_FOUND',
	807: 'APIKEY_TASK_NOT_FOUND',
	808: 'APIKEY_UPLOAD_FAILED',
	809: 'APIKEY_FILE_SIZE_EXCEEDED',
	810: 'WORKFLOW_NOT_SAVED_OR_NOT_RUNNING',
	811: 'CORPAPIKEY_INVALID',
	812: 'CORPAPIKEY_INSUFFICIENT_FUNDS',
	813: 'APIKEY_TASK_IS_QUEUED',
	814: 'PERSONAL_QUEUE_COUNT_LIMIT',
	901: 'WEBAPP_NOT_EXISTS',
};

export const V2_MESSAGES: Record<string, string> = {
	'1000': 'Unknown error',
	'1001': 'Invalid URL or path',
	'1002': 'Invalid API key',
	'1003': 'Rate limit exceeded',
	'1004': 'Task not found or expired',
	'1005': 'Internal error',
	'1006': 'Task execution timed out',
	'1007': 'Parameter validation failed',
	'1008': 'File exceeds size limit',
	'1009': 'HTTP method not supported',
	'1010': 'Service unavailable',
	'1011': 'System is currently busy',
	'1012': 'Upstream service error',
	'1013': 'File processing failed',
	'1014': 'Access Denied: Standard Model API',
	'1015': 'Generation failed',
	'1101': 'Node info error',
	'1501': 'Content verification failed',
	'1504': 'Model timed out',
	'1505': 'Photorealistic real people are prohibited',
	'1520': 'TASK_USER_CONCURRENT_LIMIT: too many concurrent tasks for this user',
};

/** HTTP status used when the v2ErrorHttpStatus variant is on. */
const V2_HTTP: Record<string, number> = {
	'1001': 404,
	'1002': 401,
	'1003': 429,
	'1004': 404,
	'1005': 500,
	'1007': 400,
	'1008': 413,
	'1009': 405,
	'1010': 503,
	'1011': 503,
	'1014': 403,
	'1101': 400,
	'1520': 429,
};

export function v2HttpStatus(errorCode: string): number {
	return V2_HTTP[errorCode] ?? 400;
}

export interface V1Body {
	code: number;
	msg: string;
	data: unknown;
}

export function v1(code: number, data: unknown = null, msg?: string): V1Body {
	return { code, msg: msg ?? V1_CODES[code] ?? 'error', data };
}

export interface V2Body {
	taskId: string | null;
	status: string | null;
	errorCode: string;
	errorMessage: string;
	results: unknown[] | null;
	clientId: string | null;
	promptTips: string | null;
	failedReason: Record<string, unknown> | null;
	usage: Record<string, string | null> | null;
}

/** A v2 error with no task behind it. */
export function v2Error(errorCode: string | number, message?: string): V2Body {
	const code = String(errorCode);
	return {
		taskId: null,
		status: null,
		errorCode: code,
		errorMessage: message ?? V2_MESSAGES[code] ?? 'Error',
		results: null,
		clientId: null,
		promptTips: null,
		failedReason: null,
		usage: null,
	};
}

/** Which envelope a route speaks; decides the shape of errors and injected faults. */
export type Family = 'v1' | 'v2' | 'v2plain' | 'files' | 'control';

/** {code, message|msg, data}: v2 upload and queue endpoints. */
export function v2Plain(
	code: number,
	message: string,
	data: unknown = null,
	key: 'message' | 'msg' = 'message',
) {
	return { code, [key]: message, data };
}
