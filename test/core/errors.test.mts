import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { INode } from 'n8n-workflow';

import { V1_ERROR_CODES, V2_ERROR_CODES, isRetryableKind, lookupErrorCode } from '../../nodes/core/api/errorCodes';
import fc from 'fast-check';

import { apiError, describeLines, inputError, reasonOf, redact, redactDeep, runningHubCodeOf } from '../../nodes/core/api/errors';

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
	it('a code without a reason: the code\'s meaning is the headline, the code is in its own fields', () => {
		const error = apiError(node, { endpoint: '/openapi/v2/kling-lip-sync/tts', code: '1014', itemIndex: 2 });
		assert.equal(error.message, 'Standard-model APIs (lip-sync, TTS, the model catalogue) need an enterprise shared API key [item 2]');
		assert.equal(
			error.description,
			'Create an enterprise shared key in the RunningHub API console and use it in the credential.\nRunningHub code: 1014 (ACCESS_DENIED_STANDARD_MODEL).',
		);
		assert.equal(runningHubCodeOf(error), '1014');
		assert.deepEqual(error.context.data, { runningHubCode: '1014', codeName: 'ACCESS_DENIED_STANDARD_MODEL' });
		assert.equal(error.httpCode, null, 'a RunningHub code is no HTTP status');
	});

	it('RunningHub\'s reason is the headline; the advice of the code its message names', () => {
		// Live v2 run answer: a 1007 whose message names another code.
		const error = apiError(node, { endpoint: '/openapi/v2/run/workflow/1234', code: '1007', serverMessage: 'WORKFLOW_NOT_EXISTS: workflow 1234 does not exist', itemIndex: 0, httpCode: 400 });
		assert.equal(error.message, 'Workflow 1234 does not exist [item 0]');
		assert.equal(
			error.description,
			[
				'Check the Workflow ID (from the workflow page URL) and that the key belongs to the same site.',
				'RunningHub code: 1007 (PARAMS_INVALID, a parameter failed validation).',
			].join('\n'),
		);
		assert.deepEqual(error.context.data, { runningHubCode: '1007', codeName: 'PARAMS_INVALID', runningHubMessage: 'WORKFLOW_NOT_EXISTS: workflow 1234 does not exist', httpStatus: 400 });
		assert.equal(error.httpCode, '400', 'the real HTTP status stays');
		assert.deepEqual(error.messages, ['WORKFLOW_NOT_EXISTS: workflow 1234 does not exist'], 'n8n\'s "Full message" is RunningHub\'s');
	});

	it('keeps unknown codes with their server message', () => {
		const error = apiError(node, { endpoint: '/x', code: 4242, serverMessage: 'something odd' });
		assert.equal(error.message, 'Something odd');
		assert.match(String(error.description), /does not know[^\n]*\nRunningHub code: 4242\.$/);
	});

	it('a generic message ("unknown error") leaves the code\'s meaning as the headline; English of a two-language message', () => {
		assert.equal(apiError(node, { endpoint: '/x', code: '1000', serverMessage: 'unknown error', itemIndex: 1 }).message, 'RunningHub reported an unknown error [item 1]');
		assert.equal(apiError(node, { endpoint: '/x', code: '1501', serverMessage: 'Content moderation failed | 内容审核失败' }).message, 'Content moderation failed');
	});

	it('the node\'s own headline wins; RunningHub\'s words then come in the description', () => {
		const error = apiError(node, { endpoint: '/x', code: '1000', serverMessage: 'gateway hiccup', message: 'RunningHub did not confirm the submit', action: 'Check your task list first.', taskId: '19' });
		assert.equal(error.message, 'RunningHub did not confirm the submit');
		assert.equal(error.description, 'Check your task list first.\nRunningHub said: gateway hiccup.\nTask ID: 19.\nRunningHub code: 1000 (UNKNOWN_ERROR, RunningHub reported an unknown error).');
	});

	it('a Node error code in RunningHub\'s words is not swapped for n8n\'s generic text', () => {
		assert.equal(apiError(node, { endpoint: '/x', code: '1013', serverMessage: 'ENOENT: input.png' }).message, 'ENOENT: input.png');
	});

	it('input errors name the parameter, the item and the fix', () => {
		const error = inputError(node, { parameter: 'Sound End Time', problem: '500 is below Sound Start Time', fix: 'Enter a larger value.', itemIndex: 1 });
		assert.equal(error.message, 'Sound End Time: 500 is below Sound Start Time [item 1]');
		assert.equal(error.description, 'Enter a larger value.');
	});
});

describe('error text read in n8n\'s panel (HTML, newlines collapse) and as plain text', () => {
	const codes = [...Object.keys(V1_ERROR_CODES), ...Object.keys(V2_ERROR_CODES), '4242', 'X9'];
	// What RunningHub may write: any text, a code name before it, two languages, the key echoed.
	const message = fc.oneof(
		fc.string({ maxLength: 300 }),
		fc.tuple(fc.constantFrom('WORKFLOW_NOT_EXISTS', 'PARAMS_INVALID', 'TASK_NOT_FOUND'), fc.string({ minLength: 1, maxLength: 80 })).map(([n, t]) => `${n}: ${t}`),
		fc.string({ minLength: 3, maxLength: 80 }).map((t) => `${t} | 参数错误`),
	);

	it('any code and message: the reason is the headline, the code only in its own line, every line a sentence, no endpoint', () => {
		fc.assert(
			fc.property(fc.constantFrom(...codes), message, fc.option(fc.nat(20), { nil: undefined }), fc.option(fc.constantFrom('19', '1965432109876543210'), { nil: undefined }), (code, serverMessage, itemIndex, taskId) => {
				const error = apiError(node, { endpoint: '/openapi/v2/secret-path', code, serverMessage, itemIndex, taskId });
				const reason = reasonOf(serverMessage, lookupErrorCode(code, serverMessage)?.name);
				if (reason) assert.ok(error.message.startsWith(reason.text), `${error.message} / ${reason.text}`);
				if (itemIndex !== undefined) assert.ok(error.message.endsWith(`[item ${itemIndex}]`));
				const lines = String(error.description).split('\n');
				assert.ok(lines.every((l) => l.trim() !== '' && /[.!?:。！？]$/.test(l)), String(error.description));
				assert.equal(lines.at(-1)?.startsWith(`RunningHub code: ${code}`), true);
				assert.ok(!/Endpoint:|secret-path/.test(`${error.message}\n${error.description}`));
				assert.equal(runningHubCodeOf(error), code);
				// The whole message is shown somewhere: in the headline or in "RunningHub said:".
				if (serverMessage.trim() && (!reason || reason.cut)) assert.ok(reason === undefined || String(error.description).includes('RunningHub said: '));
			}),
		);
	});

	it('describeLines: one sentence a line, whatever the lines held', () => {
		fc.assert(
			fc.property(fc.array(fc.option(fc.string({ maxLength: 60 }), { nil: undefined })), (input) => {
				const text = describeLines(input);
				if (text === '') return;
				for (const line of text.split('\n')) assert.match(line, /^\S(.*\S)?$/s);
				for (const line of text.split('\n')) assert.match(line, /[.!?:。！？]$/);
				assert.equal(describeLines([text]), text, 'idempotent');
			}),
		);
	});
});

describe('redaction', () => {
	it('removes the key and Bearer tokens everywhere', () => {
		const key = 'sim-ai-shared-000000000000000001';
		assert.equal(redact(`key ${key} and Authorization: Bearer abc.def`, key), 'key *** and Authorization: Bearer ***');
		assert.deepEqual(redactDeep({ a: [key], b: { c: `x${key}` } }, key), { a: ['***'], b: { c: 'x***' } });
	});
});
