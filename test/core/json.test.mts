import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseJsonKeepingLongIntegers, quoteLongIntegers } from '../../nodes/core/json';

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
