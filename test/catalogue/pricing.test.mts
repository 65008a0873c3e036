import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
	describePricing,
	estimateCost,
	exampleInput,
	getModel,
	getPriceEntry,
	listModels,
	PRICING_NOTE,
} from '../../nodes/core/catalogue/index.ts';
import { PRICING } from './helpers.mts';

describe('estimateCost', () => {
	it('fixed price per call: kling-lip-sync/tts and identify-face', () => {
		const expected = {
			amount: 0.035,
			currency: 'CNY',
			basis: '0.035 CNY per call',
			exact: true,
			unit: 'call',
			unitPrice: 0.035,
			quantity: 1,
		};
		assert.deepEqual(
			estimateCost('kling-lip-sync/tts', { text: 'Hello', voiceId: 'uk_man2' }),
			expected,
		);
		assert.deepEqual(
			estimateCost('kling-lip-sync/identify-face', { videoUrl: 'https://x.test/a.mp4' }),
			expected,
		);
	});

	it('fixed price per 5 s: kling-lip-sync/lip-sync-video', () => {
		assert.deepEqual(
			estimateCost('kling-lip-sync/lip-sync-video', { soundStartTime: 0, soundEndTime: 8300 }),
			{
				amount: 0.7,
				currency: 'CNY',
				basis:
					'0.35 CNY per 5 s of output × 2 (8.3 s between Sound Start Time and Sound End Time). ' +
					'Assumes the output is as long as the inserted audio. Assumes a started 5-second block is charged in full.',
				exact: false,
				unit: '5 seconds',
				unitPrice: 0.35,
				quantity: 2,
			},
		);
		assert.equal(
			estimateCost('kling-lip-sync/lip-sync-video', {
				soundStartTime: '1000',
				soundEndTime: '6000',
			})?.amount,
			0.35,
		);
		assert.equal(
			estimateCost('kling-lip-sync/lip-sync-video', {}, { outputSeconds: 10 })?.amount,
			0.7,
		);
		assert.equal(
			estimateCost('kling-lip-sync/lip-sync-video', {}, { outputSeconds: 10.1 })?.amount,
			1.05,
		);
		const unknown = estimateCost('kling-lip-sync/lip-sync-video', {});
		assert.equal(unknown?.amount, 0.35);
		assert.equal(unknown?.quantity, undefined);
		assert.equal(unknown?.exact, false);
		assert.match(unknown?.basis ?? '', /output length is unknown/);
	});

	it('fixed price per second, from the Duration field', () => {
		assert.deepEqual(estimateCost('kling-v3-4k/image-to-video', { duration: 10 }), {
			amount: 27,
			currency: 'CNY',
			basis: '2.7 CNY per second of output × 10 s (from Duration)',
			exact: true,
			unit: 'second',
			unitPrice: 2.7,
			quantity: 10,
		});
		// Default duration (5) applies when the field is empty.
		assert.equal(estimateCost('kling-v3-4k/image-to-video', {})?.amount, 13.5);
		// No Duration field: the output length must come from elsewhere.
		assert.equal(
			estimateCost('kling-v2-ai-avatar-pro/image-audio-to-video', {}, { outputSeconds: 12.5 })
				?.amount,
			9,
		);
		assert.equal(estimateCost('kling-v2-ai-avatar-pro/image-audio-to-video', {})?.exact, false);
	});

	it('fixed price per image, times Number of Images', () => {
		assert.deepEqual(
			estimateCost('alibaba/qwen-image-2.0/text-to-image', { prompt: 'A fox', imageNum: 3 }),
			{
				amount: 0.39,
				currency: 'CNY',
				basis: '0.13 CNY per image × 3 (Number of Images)',
				exact: true,
				unit: 'image',
				unitPrice: 0.13,
				quantity: 3,
			},
		);
		assert.equal(estimateCost('alibaba/qwen-image-2.0-pro/image-edit', {})?.amount, 0.33);
	});

	it('fixed price per 1000 characters, from the text', () => {
		const estimate = estimateCost('rhart-audio/text-to-audio/speech-2.8-hd', {
			text: 'x'.repeat(500),
		});
		assert.deepEqual(estimate, {
			amount: 0.31,
			currency: 'CNY',
			basis:
				'0.62 CNY per 1000 characters × 0.5 (500 characters of Text). Assumes the charge is proportional to the number of characters.',
			exact: false,
			unit: '1000 characters',
			unitPrice: 0.62,
			quantity: 0.5,
		});
		assert.equal(
			estimateCost('rhart-audio/text-to-audio/speech-02-turbo', {}, { characters: 2000 })?.amount,
			0.38,
		);
		assert.equal(
			estimateCost('rhart-audio/text-to-audio/speech-02-turbo', {})?.quantity,
			undefined,
		);
	});

	it('parameter-based price per second: the matching rule times the duration', () => {
		assert.deepEqual(
			estimateCost('alibaba/happyhorse-1.0/image-to-video', {
				resolution: '1080p',
				duration: '10',
			}),
			{
				amount: 16,
				currency: 'CNY',
				basis: '1.6 CNY per second of output × 10 s (from Duration) for Resolution 1080p',
				exact: true,
				unit: 'second',
				unitPrice: 1.6,
				quantity: 10,
			},
		);
		assert.equal(
			estimateCost('alibaba/happyhorse-1.0/image-to-video', { resolution: '720p', duration: 4 })
				?.amount,
			3.6,
		);
		// The table's English unit "/second" is the same unit.
		assert.equal(
			estimateCost('bytedance/seedance-2.0-global/text-to-video', {
				resolution: '480p',
				duration: 5,
			})?.amount,
			3,
		);
		// Two dependencies, one of them boolean.
		assert.equal(
			estimateCost('alibaba/wan-2.6/reference-to-video-flash', {
				audio: false,
				size: '1280*720',
				duration: 10,
			})?.amount,
			1.1,
		);
	});

	it('parameter-based price per call', () => {
		assert.deepEqual(
			estimateCost('kling-v2.6-pro/text-to-video', { duration: '10', sound: 'true' }),
			{
				amount: 7,
				currency: 'CNY',
				basis: '7 CNY per call for Duration 10, Sound true',
				exact: true,
				unit: 'call',
				unitPrice: 7,
				quantity: 1,
			},
		);
		assert.equal(estimateCost('topazlabs/image-upscale-cgi', { scale: '4x' })?.amount, 1.4);
		assert.equal(
			estimateCost('higgsfield/dop/image-to-video', { options: 'dop-lite' })?.amount,
			0.9,
		);
	});

	it('parameter-based price with a starting price ("from")', () => {
		const estimate = estimateCost('pixverse-c1/reference-to-video', {
			resolution: '1080p',
			duration: 5,
		});
		assert.equal(estimate?.amount, 12.6);
		assert.equal(estimate?.exact, false);
		assert.match(
			estimate?.basis ?? '',
			/^from 2\.52 CNY per second of output × 5 s .*starting price\.$/,
		);
	});

	it('parameter-based rule with a wildcard count (n, maxImages): price × count, flagged', () => {
		assert.deepEqual(estimateCost('alibaba/wan-2.5-preview/text-to-image', { n: 3 }), {
			amount: 0.39,
			currency: 'CNY',
			basis:
				'0.13 CNY per call × 3 (Number of Images). Assumes the price is per unit of Number of Images.',
			exact: false,
			unit: 'call',
			unitPrice: 0.13,
			quantity: 3,
		});
		assert.equal(estimateCost('seedream-v4.5/text-to-image', {})?.amount, 0.2);
	});

	it('a rule listed at 0 is returned but flagged; no matching rule gives undefined', () => {
		const zero = estimateCost('alibaba/wan-2.7/video-edit', { duration: '5', resolution: '720P' });
		assert.equal(zero?.amount, 0);
		assert.equal(zero?.exact, false);
		assert.match(zero?.basis ?? '', /lists a price of 0/);
		assert.equal(estimateCost('alibaba/wan-2.7/video-edit', {}), undefined); // duration 0 has no rule
		assert.equal(estimateCost('kling-v2.6-pro/text-to-video', { duration: '7' }), undefined);
	});

	it('unparsed and unpriced models have no estimate', () => {
		assert.equal(estimateCost('alibaba/wan-2.7/reference-to-video', {}), undefined);
		assert.equal(getPriceEntry('alibaba/wan-2.7/reference-to-video')?.kind, 'unparsed');
		assert.equal(estimateCost('meshy6/text-to-3d', {}), undefined);
		assert.equal(getPriceEntry('meshy6/text-to-3d'), undefined);
		assert.equal(estimateCost('no/such-model', {}), undefined);
	});

	it('handles every pricing type and unit of the price table', () => {
		assert.deepEqual(PRICING.counts_by_pricing_type, {
			fixed: 117,
			parameter_based: 172,
			unparsed: 1,
		});
		const seen = new Set<string>();
		for (const raw of PRICING.pricing) {
			const entry = getPriceEntry(raw.endpoint);
			assert.ok(entry, raw.endpoint);
			const kind = { fixed: 'fixed', parameter_based: 'rules', unparsed: 'unparsed' }[
				raw.pricing_type
			];
			assert.equal(entry.kind, kind, raw.endpoint);
			if (entry.kind === 'fixed') assert.equal(entry.price, raw.price);
			if (entry.kind === 'rules') {
				assert.deepEqual(entry.dependsOn, raw.depends_on);
				assert.deepEqual(
					entry.rules.map((rule) => rule.price),
					raw.rules?.map((rule) => rule.price),
				);
				entry.rules.forEach((rule, index) => assert.deepEqual(rule.when, raw.rules?.[index].when));
			}
			seen.add(`${raw.pricing_type} ${raw.unit}`);
			assert.ok(describePricing(raw.endpoint), raw.endpoint);
		}
		assert.deepEqual([...seen].sort(), [
			'fixed /1000\u5b57\u7b26',
			'fixed /5\u79d2',
			'fixed /\u5f20',
			'fixed /\u6b21',
			'fixed /\u79d2',
			'parameter_based /second',
			'parameter_based /\u6b21',
			'parameter_based /\u79d2',
			'parameter_based /\u79d2\u8d77',
			'unparsed /\u53c2\u8003\u89c6\u9891\u79d2+0.001/\u6b21\u8d77',
		]);
	});

	it('estimates every priced model from its example input, except the documented gaps', () => {
		const none: string[] = [];
		for (const model of listModels()) {
			const entry = getPriceEntry(model.endpoint);
			if (entry === undefined) continue;
			const estimate = estimateCost(model.endpoint, exampleInput(model, { includeOptional: true }));
			if (estimate === undefined) none.push(model.endpoint);
			else assert.ok(estimate.amount >= 0 && Number.isFinite(estimate.amount), model.endpoint);
		}
		assert.deepEqual(none, ['alibaba/wan-2.7/reference-to-video', 'alibaba/wan-2.7/video-edit']);
	});
});

describe('describePricing', () => {
	it('summarises a price without input', () => {
		assert.equal(describePricing('kling-lip-sync/tts'), '0.035 CNY per call');
		assert.equal(describePricing('kling-lip-sync/lip-sync-video'), '0.35 CNY per 5 s of output');
		assert.equal(
			describePricing('alibaba/happyhorse-1.0/image-to-video'),
			'0.9 to 1.6 CNY per second of output, depending on Resolution',
		);
		assert.equal(
			describePricing('pixverse-c1/reference-to-video'),
			'from 0.63 to 2.52 CNY per second of output, depending on Resolution',
		);
		assert.match(
			describePricing('alibaba/wan-2.7/reference-to-video') ?? '',
			/^No structured price: charged per second of reference video plus 0\.001 CNY per call/,
		);
		assert.equal(describePricing('meshy6/image-to-3d'), undefined);
		assert.match(PRICING_NOTE, /Prices may change/);
		assert.ok(getModel('meshy6/image-to-3d'));
	});
});
