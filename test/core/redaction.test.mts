/**
 * Redaction of webhook secrets and the API key: any depth, any encoding RunningHub (or a proxy)
 * may echo a Webhook URL in, and the exact secret value the node sent.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

import { mapStrings, redactAnswer, redactDeep, redactSecretValues, redactSecretValuesInError, redactUrlSecrets, redactWebhookSecrets, secretForms, webhookSecretOf } from '../../nodes/core/api/errors';

/** n levels of {"a": …} around a string, built without recursion. */
function nested(depth: number, leaf: unknown): unknown {
	let value = leaf;
	for (let i = 0; i < depth; i++) value = { a: value };
	return value;
}

function leafOf(value: unknown): unknown {
	let v = value as { a?: unknown };
	while (v && typeof v === 'object' && 'a' in v) v = v.a as { a?: unknown };
	return v;
}

describe('deep answers (finding 8)', () => {
	const DEPTH = 100_000;
	it('redacts a 100k-level answer (as JSON.parse reads it) without overflowing the stack', () => {
		const parsed = JSON.parse(`{"taskId":"123","deep":${'['.repeat(DEPTH)}"key K3Y-SECRET"${']'.repeat(DEPTH)}}`);
		const out = redactAnswer(parsed, 'K3Y-SECRET') as { taskId: string; deep: unknown };
		assert.equal(out.taskId, '123');
		let leaf: unknown = out.deep;
		while (Array.isArray(leaf)) leaf = leaf[0];
		assert.equal(leaf, 'key ***');
	});
	it('redactDeep and redactWebhookSecrets take any depth too, and keep every key', () => {
		assert.equal(leafOf(redactDeep(nested(DEPTH, 'Bearer abc'), 'zzzz')), 'Bearer ***');
		const hooks = redactWebhookSecrets({ webhookUrl: nested(DEPTH, 'https://h/x?secret=abcd') }) as { webhookUrl: unknown };
		assert.equal(leafOf(hooks.webhookUrl), 'https://h/x?secret=***');
	});
	it('a value that contains itself does not loop the walk', () => {
		const a: Record<string, unknown> = { s: 'https://h/?secret=abcd' };
		a.self = a;
		const out = redactAnswer(a, undefined) as Record<string, unknown>;
		assert.equal(out.s, 'https://h/?secret=***');
		assert.equal(out.self, out);
	});
	it('a "__proto__" key stays a plain field', () => {
		const out = mapStrings(JSON.parse('{"__proto__":{"polluted":"yes"}}'), (t) => t) as Record<string, unknown>;
		assert.equal(({} as Record<string, unknown>).polluted, undefined);
		assert.equal(Object.getPrototypeOf(out), Object.prototype);
		assert.deepEqual(Object.getOwnPropertyDescriptor(out, '__proto__')?.value, { polluted: 'yes' });
	});
	it('mapStrings copies any JSON value faithfully (property)', () => {
		fc.assert(fc.property(fc.jsonValue(), (value) => assert.deepEqual(mapStrings(value, (t) => t), value)));
	});
});

describe('URL secrets in any answer string and encoding (finding 7)', () => {
	const secret = 'S3cr3t-Value_42';
	const forms = [
		`https://n8n.example.com/webhook/x?secret=${secret}`,
		`https://n8n.example.com/webhook/x?a=1&amp;secret=${secret}`,
		`https://n8n.example.com/webhook/x?a=1\\u0026secret=${secret}`,
		`https://proxy/?to=https%3A%2F%2Fn8n%2Fhook%3Fsecret%3D${secret}`,
		`https://proxy/?to=https%253A%252F%252Fn8n%252Fhook%253Fsecret%253D${secret}`,
		`https://n8n.example.com/webhook/x?%73ecret=${secret}`,
		`https://n8n.example.com/webhook/x?%53%45%43%52%45%54=${secret}`,
		`https://n8n.example.com/webhook/x;secret=${secret}`,
	];
	for (const text of forms) {
		it(`redactUrlSecrets hides the secret in ${text.slice(30, 70)}`, () => {
			const out = redactUrlSecrets(text);
			assert.ok(!out.includes(secret), out);
			assert.ok(out.includes('***'), out);
		});
	}
	it('redactAnswer hides it in errorMessage, failedReason, results[].text and promptTips, not only under webhook keys', () => {
		const url = `https://n8n.example.com/webhook/x?secret=${secret}`;
		const answer = {
			errorMessage: `could not call ${url}`,
			failedReason: { exception_message: `POST ${url} refused` },
			results: [{ text: `see ${url}` }],
			promptTips: JSON.stringify({ hook: url }),
		};
		const out = JSON.stringify(redactAnswer(answer, 'apikey-1234'));
		assert.ok(!out.includes(secret), out);
	});
	it('the secret of a webhook URL is read from its query', () => {
		assert.equal(webhookSecretOf('https://h/x?a=1&secret=a%2Fb%20c'), 'a/b c');
		assert.equal(webhookSecretOf('https://h/x'), undefined);
		assert.equal(webhookSecretOf('not a url'), undefined);
		assert.equal(webhookSecretOf(undefined), undefined);
	});
});

describe('exact secret values in every form (finding 7)', () => {
	// Any secret (without "*", the mask itself), of at least 4 characters, in any of its forms,
	// anywhere in any string of an answer: it never survives.
	const secretArb = fc.string({ unit: 'binary', minLength: 4, maxLength: 24 }).filter((s) => !s.includes('*'));
	const encodings: Array<[string, (s: string) => string]> = [
		['as is', (s) => s],
		['encodeURIComponent', encodeURIComponent],
		['encoded twice', (s) => encodeURIComponent(encodeURIComponent(s))],
		['lower-case %-escapes', (s) => encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())],
		['a form / URLSearchParams', (s) => new URLSearchParams({ s }).toString().slice(2)],
		['encodeURI', encodeURI],
		['JSON string', (s) => JSON.stringify(s).slice(1, -1)],
		['HTML', (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')],
	];
	for (const [name, encode] of encodings) {
		it(`${name}: the secret never survives in any string of the value (property)`, () => {
			fc.assert(
				fc.property(secretArb, fc.string(), fc.string(), fc.nat(3), (secret, before, after, depth) => {
					let form: string;
					try {
						form = encode(secret);
					} catch {
						return; // a lone surrogate: encodeURIComponent refuses it, so it is never sent so
					}
					const value = nested(depth, { errorMessage: `${before}${form}${after}`, list: [form] });
					const out = JSON.stringify(redactSecretValues(value, [secret]));
					const inner = JSON.stringify(form).slice(1, -1);
					assert.ok(!out.includes(inner), `${JSON.stringify(secret)} survived as ${name} in ${out}`);
				}),
				{ numRuns: 300 },
			);
		});
	}
	it('secretForms lists each form once, longest first', () => {
		const forms = secretForms('a b/c&d');
		assert.equal(new Set(forms).size, forms.length);
		assert.deepEqual([...forms].sort((a, b) => b.length - a.length), forms);
	});
	it('short secrets (< 4) are not redacted: they would mask ordinary text', () => {
		assert.equal(redactSecretValues('abc abc', ['abc']), 'abc abc');
	});
	it('an error keeps its class and stack, without the secret in message, description, context, stack or cause', () => {
		const error = new Error('failed: posted to https://h/x?secret=QQQQ-1') as Error & { description?: string; context?: object };
		error.description = 'RunningHub said: QQQQ-1';
		error.context = { deep: [{ text: 'QQQQ%2D1 QQQQ-1' }] };
		(error as { cause?: unknown }).cause = new Error('cause QQQQ-1');
		const out = redactSecretValuesInError(error, ['QQQQ-1']);
		assert.equal(out, error);
		assert.ok(!JSON.stringify({ m: out.message, d: out.description, c: out.context, s: out.stack, cause: (out.cause as Error).message }).includes('QQQQ-1'));
	});
});
