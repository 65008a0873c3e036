/**
 * Numbers typed as text (finding 6): the float pattern is linear and bounded in length, and
 * accepts exactly what the old one did (decimal digits, point, exponent; never hex).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

import { MAX_NUMBER_TEXT_LENGTH, coerceParamValue } from '../../nodes/core/catalogue/coerce';
import type { CatalogueParam } from '../../nodes/core/catalogue/types';

const FLOAT: CatalogueParam = { key: 'strength', label: 'Strength', type: 'float', required: false };
const INT: CatalogueParam = { key: 'seed', label: 'Seed', type: 'int', required: false };
/** The pattern before the fix (quadratic on digits followed by a letter), as the reference. */
const OLD_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

describe('float coercion', () => {
	it('accepts exactly what the old pattern accepted, for text up to the cap (property)', () => {
		const chars = fc.constantFrom(...'0123456789.+-eExX ab');
		fc.assert(
			fc.property(fc.array(chars, { maxLength: 30 }).map((a) => a.join('')), (text) => {
				const expected = text.trim() === '' ? undefined : OLD_FLOAT.test(text.trim()) && Number.isFinite(Number(text.trim())) ? Number(text.trim()) : text;
				assert.equal(coerceParamValue(FLOAT, text), expected);
			}),
			{ numRuns: 2000 },
		);
	});
	it('hex, binary and words stay text', () => {
		for (const text of ['0x10', '0b1', 'Infinity', '1e', '.', '+.e1']) assert.equal(coerceParamValue(FLOAT, text), text);
		assert.equal(coerceParamValue(FLOAT, ' 1.5e3 '), 1500);
		assert.equal(coerceParamValue(FLOAT, '.5'), 0.5);
		assert.equal(coerceParamValue(FLOAT, '5.'), 5);
	});
	it('text longer than the cap never reaches a pattern: it stays text (so validation names it)', () => {
		const long = `0.${'0'.repeat(MAX_NUMBER_TEXT_LENGTH)}1`;
		assert.equal(coerceParamValue(FLOAT, long), long);
		assert.equal(coerceParamValue(INT, '1'.repeat(MAX_NUMBER_TEXT_LENGTH + 1) + 'x'), '1'.repeat(MAX_NUMBER_TEXT_LENGTH + 1) + 'x');
		// Just under the cap, a padded number is still read.
		assert.equal(coerceParamValue(FLOAT, `0.${'0'.repeat(MAX_NUMBER_TEXT_LENGTH - 10)}`), 0);
		// The hostile input of the review: tens of thousands of digits then a letter.
		const hostile = `${'1'.repeat(60_000)}x`;
		assert.equal(coerceParamValue(FLOAT, hostile), hostile);
	});
});
