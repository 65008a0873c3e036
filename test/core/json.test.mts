import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseJsonKeepingLongIntegers, quoteLongIntegers } from '../../nodes/core/api/json';

describe('parseJsonKeepingLongIntegers', () => {
	it('keeps a bare 19-digit task ID exact as a string', () => {
		const parsed = parseJsonKeepingLongIntegers('{"taskId":1965432109876543219,"status":"RUNNING"}') as Record<string, unknown>;
		assert.equal(parsed.taskId, '1965432109876543219');
		assert.equal(JSON.parse('{"taskId":1965432109876543219}').taskId, 1965432109876543200, 'plain JSON.parse would round it');
	});

	it('leaves strings, short numbers, decimals and exponents alone', () => {
		const text = '{"a":"1965432109876543219","b":42,"c":-3.5,"d":1.5e20,"e":12345678901234567.5,"f":[1,2]}';
		assert.deepEqual(parseJsonKeepingLongIntegers(text), JSON.parse(text));
	});

	it('handles negative long integers, arrays and nesting', () => {
		const parsed = parseJsonKeepingLongIntegers('{"data":[{"id":-1965432109876543219},{"id":1965432109876543218}]}') as {
			data: Array<{ id: string }>;
		};
		assert.deepEqual(
			parsed.data.map((d) => d.id),
			['-1965432109876543219', '1965432109876543218'],
		);
	});

	it('does not touch digits inside strings, even with escaped quotes', () => {
		const text = '{"msg":"id \\"1965432109876543219\\" here","n":1965432109876543219}';
		assert.equal(quoteLongIntegers(text), '{"msg":"id \\"1965432109876543219\\" here","n":"1965432109876543219"}');
	});

	it('returns the same text when nothing needs quoting', () => {
		const text = '{"code":0,"msg":"success","data":null}';
		assert.equal(quoteLongIntegers(text), text);
	});

	it('throws on malformed JSON like JSON.parse', () => {
		assert.throws(() => parseJsonKeepingLongIntegers('{"taskId": 19654321098765432'));
	});
});

// ---------------------------------------------------------------------------------------------
// Properties: exact digits for every integer literal, JSON.parse for everything else.

import fc from 'fast-check';

const MAX_U64 = 2n ** 64n - 1n;

/** The value an integer literal must parse to: a number when exact, else its digits. */
const expectedInteger = (digits: string): unknown => (Number.isSafeInteger(Number(digits)) ? Number(digits) : digits);

/** Equal, except that an unsafe integer may be (and must be) the digit string of JSON.parse's number. */
function sameModuloBigIntegers(exact: unknown, plain: unknown): boolean {
	if (typeof exact === 'string' && typeof plain === 'number') {
		return /^-?[1-9]\d*$/.test(exact) && !Number.isSafeInteger(Number(exact)) && Number(exact) === plain;
	}
	if (Array.isArray(exact) && Array.isArray(plain)) {
		return exact.length === plain.length && exact.every((v, i) => sameModuloBigIntegers(v, plain[i]));
	}
	if (exact && plain && typeof exact === 'object' && typeof plain === 'object' && !Array.isArray(exact) && !Array.isArray(plain)) {
		const a = Object.keys(exact);
		const b = Object.keys(plain);
		return a.length === b.length && a.every((k, i) => k === b[i] && sameModuloBigIntegers((exact as Record<string, unknown>)[k], (plain as Record<string, unknown>)[k]));
	}
	return Object.is(exact, plain);
}

type Leaf = { int: bigint } | { double: number } | { text: string } | { bool: boolean } | null;
type Tree = Leaf | Tree[] | { [key: string]: Tree };

const { tree } = fc.letrec<{ tree: Tree; leaf: Leaf }>((tie) => ({
	leaf: fc.oneof(
		fc.bigInt({ min: -MAX_U64, max: MAX_U64 }).map((int) => ({ int })),
		fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map((int) => ({ int })),
		fc.double({ noNaN: true, noDefaultInfinity: true }).map((double) => ({ double })),
		fc.string({ unit: 'binary' }).map((text) => ({ text })),
		fc.string({ unit: fc.constantFrom('1', '9', '0', '"', '\\', ':', '-', ' ') }).map((text) => ({ text })),
		fc.boolean().map((bool) => ({ bool })),
		fc.constant(null),
	),
	tree: fc.oneof(
		{ depthSize: 'small' },
		tie('leaf'),
		fc.array(tie('tree'), { maxLength: 4 }),
		fc.dictionary(fc.string({ unit: fc.constantFrom('a', '1', '"', ' ', ':') }), tie('tree'), { maxKeys: 4 }),
	),
}));

const isLeaf = (t: Tree): t is Exclude<Leaf, null> => t !== null && !Array.isArray(t) && ('int' in t || 'double' in t || 'text' in t || 'bool' in t) && Object.keys(t).length === 1;

/** The JSON text of a tree, with integers written digit for digit, and the value it must parse to. */
function render(t: Tree, space: string): { text: string; value: unknown } {
	if (t === null) return { text: 'null', value: null };
	if (Array.isArray(t)) {
		const parts = t.map((c) => render(c, space));
		return { text: `[${space}${parts.map((p) => p.text).join(`,${space}`)}${space}]`, value: parts.map((p) => p.value) };
	}
	if (isLeaf(t)) {
		if ('int' in t) return { text: String(t.int), value: expectedInteger(String(t.int)) };
		if ('double' in t) {
			const text = JSON.stringify(t.double);
			return { text, value: /^-?\d+$/.test(text) ? expectedInteger(text) : JSON.parse(text) };
		}
		if ('text' in t) return { text: JSON.stringify(t.text), value: t.text };
		return { text: String(t.bool), value: t.bool };
	}
	const entries = Object.entries(t).map(([k, c]) => [k, render(c, space)] as const);
	const value: Record<string, unknown> = {};
	for (const [k, r] of entries) value[k] = r.value;
	return { text: `{${space}${entries.map(([k, r]) => `${JSON.stringify(k)}${space}:${space}${r.text}`).join(`,${space}`)}${space}}`, value };
}

describe('parseJsonKeepingLongIntegers (properties)', () => {
	it('keeps the digits of every integer literal, up to 2^64-1 and negative, in any document', () => {
		fc.assert(
			fc.property(tree, fc.constantFrom('', ' ', '\n\t '), (t, space) => {
				const { text, value } = render(t, space);
				assert.deepEqual(parseJsonKeepingLongIntegers(text), value);
				assert.ok(sameModuloBigIntegers(parseJsonKeepingLongIntegers(text), JSON.parse(text)));
			}),
			{ numRuns: 400 },
		);
	});

	it('round-trips the digits of any single integer literal', () => {
		fc.assert(
			fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), (n) => {
				const parsed = parseJsonKeepingLongIntegers(`{"v":${n}}`) as { v: unknown };
				assert.equal(String(parsed.v), String(n));
			}),
		);
	});

	it('accepts and refuses exactly what JSON.parse does, and otherwise gives its values', () => {
		const token = fc.constantFrom('{', '}', '[', ']', ':', ',', ' ', '"a"', '"\\""', '0', '7', '-', '.5', 'e5', 'true', 'null',
			'12345678901234567890', '-12345678901234567890', '01234567890123456789', '18446744073709551615', '9007199254740993');
		fc.assert(
			fc.property(fc.array(token, { maxLength: 12 }), (tokens) => {
				const text = tokens.join('');
				let plain: unknown;
				let plainError = false;
				try {
					plain = JSON.parse(text);
				} catch {
					plainError = true;
				}
				if (plainError) {
					assert.throws(() => parseJsonKeepingLongIntegers(text), SyntaxError, text);
					return;
				}
				assert.ok(sameModuloBigIntegers(parseJsonKeepingLongIntegers(text), plain), text);
			}),
			{ numRuns: 3000 },
		);
	});

	it('refuses a long integer used as an object key, as JSON.parse does', () => {
		assert.throws(() => parseJsonKeepingLongIntegers('{12345678901234567890: 1}'));
		assert.throws(() => parseJsonKeepingLongIntegers('[012345678901234567890]'));
	});

	it('collects the integers it turned into strings', () => {
		const seen = new Set<string>();
		parseJsonKeepingLongIntegers('{"seed":18446744073709551615,"text":"99999999999999999999","n":3}', seen);
		assert.deepEqual([...seen], ['18446744073709551615']);
	});
});
