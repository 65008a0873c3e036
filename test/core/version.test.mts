// The version helpers decide which copy of a changed parameter a saved node sees: exactly one
// copy for every version, the old one before the change and the new one from it on.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import fc from 'fast-check';
import { NodeHelpers, type INodeProperties } from 'n8n-workflow';

import { changedIn, defaultChangedIn } from '../../nodes/core/version.ts';

const base: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	default: 5,
	displayOptions: { show: { operation: ['run'] } },
};

const shownCopies = (copies: INodeProperties[], typeVersion: number, operation: string) =>
	copies.filter((copy) => NodeHelpers.displayParameter({ operation }, copy, { typeVersion }, null));

test('changedIn: every node version sees exactly one copy, the old before the change and the new from it', () => {
	fc.assert(
		fc.property(fc.integer({ min: 2, max: 9 }), fc.integer({ min: 1, max: 12 }), (changed, typeVersion) => {
			const copies = defaultChangedIn(changed, base, 50);
			const shown = shownCopies(copies, typeVersion, 'run');
			assert.equal(shown.length, 1);
			assert.equal(shown[0].default, typeVersion >= changed ? 50 : 5);
			// The parameter's own display conditions still apply to both copies.
			assert.equal(shownCopies(copies, typeVersion, 'other').length, 0);
		}),
	);
});

test('changedIn refuses a parameter that already has a version condition (it could only widen it)', () => {
	const [, newer] = changedIn(2, base, { default: 50 });
	assert.throws(() => changedIn(3, newer, { default: 500 }), /"limit" already has a version condition/);
});
