import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { INode } from 'n8n-workflow';

import { V1_ERROR_CODES, V2_ERROR_CODES, isRetryableKind, lookupErrorCode } from '../../nodes/core/api/errorCodes';
import { apiError, inputError, redact, redactDeep, runningHubCodeOf } from '../../nodes/core/api/errors';

const node = { name: 'RunningHub', type: 'n8n-nodes-runninghub.runningHub', typeVersion: 1, position: [0, 0], parameters: {}, id: 'x' } as INode;

describe('error code table', () => {
	it('covers every code of docs/runninghub-api.md §14 with a meaning and an action', () => {
		const v1 = [301, 380, 412, 415, 416, 421, 423, 433, 435, 436, 500, 801, 802, 803, 804, 805, 806, 807, 808, 809, 810, 811, 812, 813, 814, 901];
		const v2 = ['1000', '1001', '1002', '1003', '1004', '1005', '1006', '1007', '1008', '1009', '1010', '1011', '1012', '1013', '1014', '1015', '1101', '1501', '1504', '1505', '1520'];
		for (const c of v1) assert.ok(V1_ERROR_CODES[c]?.meaning && V1_ERROR_CODES[c].action, `v1 ${c}`);
		for (const c of v2) assert.ok(V2_ERROR_CODES[c]?.meaning && V2_ERROR_CODES[c].action, `v2 ${c}`);
	});

	it('retries exactly the capacity and busy codes of the foundation issue', () => {
		const retried = [...Object.keys(V1_ERROR_CODES), ...Object.keys(V2_ERROR_CODES)].filter((c) => isRetryableKind(lookupErrorCode(c)?.kind));
		assert.deepEqual(retried.sort(), ['1003', '1005', '1010', '1011', '1012', '1520', '415', '421', '814'].sort());
	});

	it('never retries validation, auth, balance or moderation', () => {
		for (const c of ['301', '1007', '802', '1002', '1014', '416', '812', '1501', '1505']) {
			assert.equal(isRetryableKind(lookupErrorCode(c)?.kind), false, c);
		}
	});

	it('recognises v2 balance problems by message', () => {
		assert.equal(lookupErrorCode('1000', 'Insufficient balance, please recharge')?.kind, 'balance');
		assert.equal(lookupErrorCode('1000', 'boom')?.kind, 'other');
		assert.equal(lookupErrorCode('1007', 'balance field invalid')?.kind, 'validation');
		assert.equal(lookupErrorCode('9999', 'Insufficient balance, please recharge')?.kind, 'balance');
	});
});

describe('apiError', () => {
	it('says what happened, the code, the item, and what to do', () => {
		const error = apiError(node, { endpoint: '/openapi/v2/kling-lip-sync/tts', code: '1014', itemIndex: 2 });
		assert.equal(error.message, 'Standard-model APIs (lip-sync, TTS, the model catalogue) need an enterprise shared API key (1014 ACCESS_DENIED_STANDARD_MODEL) [item 2]');
		assert.match(error.description ?? '', /enterprise shared key/);
		assert.match(error.description ?? '', /Endpoint: \/openapi\/v2\/kling-lip-sync\/tts/);
		assert.equal(runningHubCodeOf(error), '1014');
	});

	it('keeps unknown codes with their server message', () => {
		const error = apiError(node, { endpoint: '/x', code: 4242, serverMessage: 'something odd' });
		assert.equal(error.message, 'something odd (4242)');
	});

	it('input errors name the parameter, the item and the fix', () => {
		const error = inputError(node, { parameter: 'Sound End Time', problem: '500 is below Sound Start Time', fix: 'Enter a larger value.', itemIndex: 1 });
		assert.equal(error.message, 'Sound End Time: 500 is below Sound Start Time [item 1]');
		assert.equal(error.description, 'Enter a larger value.');
	});
});

describe('redaction', () => {
	it('removes the key and Bearer tokens everywhere', () => {
		const key = 'sim-ai-shared-000000000000000001';
		assert.equal(redact(`key ${key} and Authorization: Bearer abc.def`, key), 'key *** and Authorization: Bearer ***');
		assert.deepEqual(redactDeep({ a: [key], b: { c: `x${key}` } }, key), { a: ['***'], b: { c: 'x***' } });
	});
});
