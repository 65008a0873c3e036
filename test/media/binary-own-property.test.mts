// A binary property name is looked up among the item's own properties only: `__proto__`,
// `constructor`, `hasOwnProperty` and the like name no file (reading them would hand the
// prototype or a function to the upload as if it were a file).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { itemBinary, ownBinary } from '../../nodes/core/media/binary';
import { binaryFacts } from '../../nodes/core/run/binaryRef';

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);
const file: IBinaryData = { data: Buffer.from('RIFF').toString('base64'), mimeType: 'audio/wav', fileName: 'voice.wav' };

const ctxWith = (binary: Record<string, IBinaryData> | undefined) =>
	({
		getInputData: () => [{ json: {}, ...(binary ? { binary } : {}) }],
		getNode: () => ({ id: '1', name: 'RunningHub', type: 'n8n-nodes-runninghub.runningHub', typeVersion: 2, position: [0, 0], parameters: {} }),
	}) as unknown as IExecuteFunctions;

describe('binary property names', () => {
	it('a name of the prototype (__proto__, constructor, hasOwnProperty, …) is absent, with the usual error', async () => {
		for (const name of PROTOTYPE_NAMES) {
			for (const binary of [undefined, {}, { data: file }] as Array<Record<string, IBinaryData> | undefined>) {
				const ctx = ctxWith(binary);
				assert.equal(ownBinary(binary, name), undefined, name);
				assert.throws(() => itemBinary(ctx, 0, name, 'Input Binary Field'), new RegExp(`no binary property "${name.replace(/[$_]/g, '\\$&')}"`), name);
				await assert.rejects(binaryFacts(ctx, 0, name, 'Image'), /names no binary property/, name);
			}
		}
	});

	it('an own property is found whatever its name', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string({ minLength: 1 }), fc.constantFrom(...PROTOTYPE_NAMES)), (name) => {
				// An own property named `__proto__` too (JSON.parse makes one, as n8n's item JSON may).
				const binary = JSON.parse(JSON.stringify({ other: file }).replace('"other"', () => JSON.stringify(name))) as Record<string, IBinaryData>;
				assert.deepEqual(ownBinary(binary, name), file);
				assert.deepEqual(itemBinary(ctxWith(binary), 0, name, 'Input Binary Field'), file);
			}),
		);
	});
});
