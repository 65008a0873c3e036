import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IDataObject } from 'n8n-workflow';

import { ClaimRegistry, SEEN_KEY, claimDelivery, markSeen, releaseDelivery, wasSeen } from '../../nodes/core/webhooks/dedup';
import { MIN_SECRET_LENGTH, generateSecret, secretFromQuery, secretMatches } from '../../nodes/core/webhooks/secret';

const SECRET = 'a-long-shared-secret-0123456789';

describe('secret check', () => {
	it('accepts only the exact secret', () => {
		assert.equal(secretMatches(SECRET, SECRET), true);
		assert.equal(secretMatches(`${SECRET} `, SECRET), false);
		assert.equal(secretMatches(SECRET.toUpperCase(), SECRET), false);
		assert.equal(secretMatches(SECRET.slice(0, -1), SECRET), false);
	});

	it('compares secrets of any length without throwing (hashed before timingSafeEqual)', () => {
		// timingSafeEqual itself throws on different lengths; hashing makes every comparison equal-length.
		assert.equal(secretMatches('x', SECRET), false);
		assert.equal(secretMatches('x'.repeat(10_000), SECRET), false);
	});

	it('refuses missing, empty, repeated and non-string secrets', () => {
		assert.equal(secretMatches(undefined, SECRET), false);
		assert.equal(secretMatches('', SECRET), false);
		assert.equal(secretMatches([SECRET, SECRET], SECRET), false);
		assert.equal(secretMatches(123, SECRET), false);
		assert.equal(secretMatches('', ''), false);
	});

	it('reads ?secret= from the query', () => {
		assert.equal(secretFromQuery({ secret: SECRET }), SECRET);
		assert.equal(secretFromQuery({}), undefined);
		assert.equal(secretFromQuery(undefined), undefined);
	});

	it('generates long, distinct, URL-safe secrets', () => {
		const a = generateSecret();
		const b = generateSecret();
		assert.notEqual(a, b);
		assert.ok(a.length >= MIN_SECRET_LENGTH);
		assert.match(a, /^[A-Za-z0-9_-]+$/);
	});
});

describe('duplicate deliveries', () => {
	const window = (now: number, ttlMs = 60_000, maxEntries?: number) => ({ now, ttlMs, maxEntries });

	it('lets the first delivery of a task through and drops the copies', () => {
		const staticData: IDataObject = {};
		const registry = new ClaimRegistry();
		const claim = { staticData, registry, scope: 'wf:node:webhook', key: '1965432109876543210' };
		assert.equal(claimDelivery({ ...claim, ...window(1000) }), 'new');
		assert.equal(claimDelivery({ ...claim, ...window(1500) }), 'duplicate');
		assert.equal(claimDelivery({ ...claim, key: '1965432109876543211', ...window(1500) }), 'new');
	});

	it('catches concurrent copies through the process-wide claim, before static data is saved', () => {
		// Two webhook calls each get their own copy of the static data, read when the call started.
		const registry = new ClaimRegistry();
		const first: IDataObject = {};
		const second: IDataObject = {};
		assert.equal(claimDelivery({ staticData: first, registry, scope: 's', key: 't1', ...window(1) }), 'new');
		assert.equal(claimDelivery({ staticData: second, registry, scope: 's', key: 't1', ...window(1) }), 'duplicate');
	});

	it('survives a restart through static data (a fresh process-wide map)', () => {
		const staticData: IDataObject = {};
		assert.equal(claimDelivery({ staticData, registry: new ClaimRegistry(), scope: 's', key: 't1', ...window(1) }), 'new');
		const saved = JSON.parse(JSON.stringify(staticData)) as IDataObject; // as n8n stores it
		assert.equal(claimDelivery({ staticData: saved, registry: new ClaimRegistry(), scope: 's', key: 't1', ...window(2) }), 'duplicate');
	});

	it('separates workflows, nodes and test runs in the process-wide map', () => {
		const registry = new ClaimRegistry();
		assert.equal(claimDelivery({ staticData: {}, registry, scope: 'wf1:n:webhook', key: 't', ...window(1) }), 'new');
		assert.equal(claimDelivery({ staticData: {}, registry, scope: 'wf1:n:manual', key: 't', ...window(1) }), 'new');
		assert.equal(claimDelivery({ staticData: {}, registry, scope: 'wf2:n:webhook', key: 't', ...window(1) }), 'new');
	});

	it('forgets a task after the window (TTL)', () => {
		const staticData: IDataObject = {};
		const registry = new ClaimRegistry();
		const claim = { staticData, registry, scope: 's', key: 't' };
		assert.equal(claimDelivery({ ...claim, ...window(0, 1000) }), 'new');
		assert.equal(claimDelivery({ ...claim, ...window(999, 1000) }), 'duplicate');
		assert.equal(claimDelivery({ ...claim, ...window(1000, 1000) }), 'new');
	});

	it('keeps at most maxEntries recent task events, dropping the oldest (LRU)', () => {
		const staticData: IDataObject = {};
		for (let i = 0; i < 10; i++) markSeen(staticData, `t${i}`, window(i, 60_000, 5));
		const list = staticData[SEEN_KEY] as unknown as Array<[string, number]>;
		assert.deepEqual(list.map(([k]) => k), ['t5', 't6', 't7', 't8', 't9']);
		assert.equal(wasSeen(staticData, 't4', window(20)), false);
		assert.equal(wasSeen(staticData, 't9', window(20)), true);
		// Seeing one again moves it to the newest end.
		markSeen(staticData, 't5', window(30, 60_000, 5));
		markSeen(staticData, 'new', window(31, 60_000, 5));
		assert.deepEqual((staticData[SEEN_KEY] as unknown as Array<[string, number]>).map(([k]) => k), ['t7', 't8', 't9', 't5', 'new']);
	});

	it('bounds the process-wide map too', () => {
		const registry = new ClaimRegistry(100);
		for (let i = 0; i < 1000; i++) registry.claim(`k${i}`, 1, 60_000);
		assert.equal(registry.size, 100);
	});

	it('releases a claim so RunningHub\'s retry is handled (after a 503)', () => {
		const staticData: IDataObject = {};
		const registry = new ClaimRegistry();
		const claim = { staticData, registry, scope: 's', key: 't' };
		assert.equal(claimDelivery({ ...claim, ...window(1) }), 'new');
		releaseDelivery(claim);
		assert.equal(claimDelivery({ ...claim, ...window(2) }), 'new');
	});

	it('does nothing when the window is 0', () => {
		const staticData: IDataObject = {};
		const registry = new ClaimRegistry();
		assert.equal(claimDelivery({ staticData, registry, scope: 's', key: 't', ...window(1, 0) }), 'new');
		assert.equal(claimDelivery({ staticData, registry, scope: 's', key: 't', ...window(1, 0) }), 'new');
		assert.equal(staticData[SEEN_KEY], undefined);
	});

	it('ignores unreadable static data instead of failing', () => {
		const staticData: IDataObject = { [SEEN_KEY]: 'garbage' };
		assert.equal(claimDelivery({ staticData, registry: new ClaimRegistry(), scope: 's', key: 't', ...window(1) }), 'new');
	});
});
