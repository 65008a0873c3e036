/**
 * safeFileName's trimming (finding 12): a plain scan instead of `[\s.]+$`, which took quadratic
 * time on long runs of spaces (0.8 s for 40k characters), with the same result.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

import { MAX_FILE_NAME_LENGTH, safeFileName, trimDotsAndSpaces } from '../../nodes/core/media/fileName';

describe('trimDotsAndSpaces', () => {
	it('equals the regex trim it replaces, on any text (property)', () => {
		const chars = fc.constantFrom(' ', '.', '\t', '\u00a0', '\u3000', '\ufeff', 'a', 'b', '_', '-', 'é');
		fc.assert(
			fc.property(fc.array(chars, { maxLength: 40 }).map((a) => a.join('')), fc.string(), (text, other) => {
				for (const t of [text, other]) {
					assert.equal(trimDotsAndSpaces(t), t.replace(/^[\s.]+|[\s.]+$/g, ''));
					assert.equal(trimDotsAndSpaces(t, 'end'), t.replace(/[\s.]+$/, ''));
				}
			}),
			{ numRuns: 1000 },
		);
	});
	it('hostile names from a server: long runs of spaces and dots inside and around a name', () => {
		const spaces = ' '.repeat(200_000);
		assert.equal(safeFileName(`a${spaces}b.mp4`).length <= MAX_FILE_NAME_LENGTH, true);
		assert.equal(safeFileName(`a${spaces}b.mp4`), 'a.mp4'); // cut in the stem, its trailing spaces dropped
		assert.equal(safeFileName(`${spaces}x${'.'.repeat(200_000)}`), 'x');
		assert.equal(safeFileName(`${spaces}.${spaces}`, 'fallback'), 'fallback');
	});
});
