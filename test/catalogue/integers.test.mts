// Issue 14 item 4, as properties: a whole-number field takes decimal digits within ±(2^53 − 1)
// exactly, and refuses anything else (hex, exponents, digits beyond 2^53, inexact numbers) with
// a message that names the parameter and the item, instead of sending a different number.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { INode } from 'n8n-workflow';

import { coerceModelInput, getModel, validateModelInput } from '../../nodes/core/catalogue/index.ts';
import { problemsError } from '../../nodes/RunningHub/actions/model/input.ts';

// HYPIR Balance: `seed` is a whole number without a registry minimum or maximum.
const model = getModel('image-enhance/hypir-balance')!;
const base = { imageUrl: 'https://cdn.example.com/cat.png', upscale: 1 };
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

const node = { name: 'RunningHub', type: 'runningHub', typeVersion: 1, position: [0, 0], parameters: {} } as unknown as INode;
const ctx = { getNode: () => node } as unknown as Parameters<typeof problemsError>[0];

/** What the node does with a typed seed: coerce, validate, and the error it would throw. */
function check(seed: unknown, itemIndex: number) {
	const body = coerceModelInput(model, { ...base, seed });
	const problems = validateModelInput(model, body);
	return { body, problems, error: problems.length ? problemsError(ctx, model, problems, itemIndex) : undefined };
}

/** A decimal integer as someone might type it: optional sign, leading zeros and spaces. */
const typedDecimal = (range: { min: bigint; max: bigint }) =>
	fc
		.tuple(fc.bigInt(range), fc.boolean(), fc.nat({ max: 3 }), fc.constantFrom('', ' ', '\t'))
		.map(([value, plus, zeros, pad]) => {
			const digits = (value < 0n ? -value : value).toString();
			const sign = value < 0n ? '-' : plus ? '+' : '';
			return { value, text: `${pad}${sign}${'0'.repeat(zeros)}${digits}${pad}` };
		});

describe('whole-number fields (property)', () => {
	it('send any decimal text within the safe range exactly, as that number', () => {
		fc.assert(
			fc.property(typedDecimal({ min: -SAFE, max: SAFE }), ({ value, text }) => {
				const { body, problems } = check(text, 0);
				assert.deepEqual(problems, []);
				assert.equal(typeof body.seed, 'number');
				assert.equal(BigInt(body.seed as number), value);
				assert.equal(JSON.parse(JSON.stringify(body)).seed === Number(value), true);
			}),
			{ numRuns: 500 },
		);
	});

	it('refuse everything else, naming the parameter and the item', () => {
		const notDecimal = fc.oneof(
			typedDecimal({ min: SAFE + 1n, max: 10n ** 30n }).map((d) => d.text),
			typedDecimal({ min: -(10n ** 30n), max: -SAFE - 1n }).map((d) => d.text),
			fc.bigInt({ min: 0n, max: SAFE }).map((n) => `0x${n.toString(16)}`),
			fc.bigInt({ min: 0n, max: SAFE }).map((n) => `0b${n.toString(2)}`),
			fc.bigInt({ min: 0n, max: SAFE }).map((n) => `0o${n.toString(8)}`),
			fc.tuple(fc.nat({ max: 999 }), fc.nat({ max: 20 })).map(([m, e]) => `${m}e${e}`),
			fc.tuple(fc.nat(), fc.nat({ max: 99 })).map(([a, b]) => `${a}.${b}`),
			fc.string().filter((s) => !/^\s*[+-]?\d+\s*$/.test(s) && s.trim() !== ''),
			fc.bigInt({ min: SAFE + 1n, max: 10n ** 25n }).map((n) => Number(n)),
			fc.bigInt({ min: SAFE + 1n, max: 10n ** 25n }).map((n) => -Number(n)),
		);
		fc.assert(
			fc.property(notDecimal, fc.nat({ max: 50 }), (seed, itemIndex) => {
				const { problems, error } = check(seed, itemIndex);
				assert.equal(problems.length, 1, JSON.stringify({ seed, problems }));
				assert.equal(problems[0].key, 'seed');
				assert.ok(error, 'refused');
				assert.ok(error.message.startsWith('HYPIR Balance: Seed (seed) '), error.message);
				assert.ok(error.message.endsWith(`[item ${itemIndex}]`), error.message);
			}),
			{ numRuns: 500 },
		);
	});
});
