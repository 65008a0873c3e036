// File → Upload LoRA against the simulator: the MD5 the upload URL is asked for, the presigned
// PUT (same bytes, no API key), both binary modes, the file name for the RHLoraLoader node,
// files RunningHub already has, refusals from storage, and checks of the file before anything
// is sent.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';

import { SIM_KEYS, startSimulator, type Simulator } from '../../simulator/index.mts';
import { assertNoKey, binaryItem, jsonOf, runNode, runNodeError, type BinaryMode } from '../model/support.mts';
import { assertRunningHubCode } from '../support/errors.mts';

const KEY = SIM_KEYS.aiShared;
const URL_PATH = '/api/openapi/getLoraUploadUrl';

/** A real (tiny) safetensors file: header length, JSON header, one F32 tensor of 4 values. */
function safetensors(seed = 1): Buffer {
	const header = Buffer.from(
		JSON.stringify({ __metadata__: { format: 'pt' }, 'lora_up.weight': { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }),
	);
	const length = Buffer.alloc(8);
	length.writeBigUInt64LE(BigInt(header.length));
	const tensor = Buffer.alloc(16);
	for (let i = 0; i < 4; i++) tensor.writeFloatLE(seed * (i + 1), i * 4);
	return Buffer.concat([length, header, tensor]);
}

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');

let sim: Simulator;
before(async () => {
	sim = await startSimulator({ port: 0, quiet: true });
});
after(async () => sim.close());
beforeEach(async () => sim.control.reset());

type Input = Parameters<typeof runNode>[0]['input'];
const params = (extra: Record<string, unknown>) => ({ resource: 'file', operation: 'uploadLora', ...extra });
const run = (extra: Record<string, unknown>, input: Input, binaryMode?: BinaryMode, continueOnFail?: boolean) =>
	runNode({ baseUrl: sim.url, apiKey: KEY, parameters: params(extra), input, binaryMode, continueOnFail });
const runError = (extra: Record<string, unknown>, input: Input) =>
	runNodeError({ baseUrl: sim.url, apiKey: KEY, parameters: params(extra), input });
const urlRequests = () => sim.control.requests({ path: URL_PATH }).map((r) => JSON.parse(r.body) as Record<string, unknown>);
const putRequests = () => sim.control.requests().filter((r) => r.method === 'PUT');

describe('File → Upload LoRA', () => {
	for (const binaryMode of ['default', 'filesystem'] as const) {
		it(`asks for an upload URL with the file's MD5, PUTs the same bytes without the key, returns the loader file name (${binaryMode} mode)`, async () => {
			const lora = safetensors();
			const { items } = await run({}, [await binaryItem(lora, 'my-style.safetensors', 'application/octet-stream')], binaryMode);
			const [json] = jsonOf(items);
			assert.deepEqual(json, {
				fileName: `api-lora/${md5(lora)}.safetensors`,
				loraName: 'my-style',
				md5Hex: md5(lora),
				size: lora.length,
				sourceFileName: 'my-style.safetensors',
				alreadyUploaded: false,
			});
			assert.deepEqual(items[0].pairedItem, { item: 0 });
			assert.deepEqual(urlRequests(), [{ apiKey: KEY, loraName: 'my-style', md5Hex: md5(lora) }]);
			const [put] = putRequests();
			assert.equal(put.status, 200, 'the simulator checked the MD5 of the bytes received');
			assert.equal(put.headers.authorization, undefined, 'the presigned URL carries its own signature');
			assert.equal(put.headers['content-type'], 'application/octet-stream');
			assert.equal(put.headers['content-length'], String(lora.length));
			assert.equal(put.body, `lora upload ${lora.length} bytes`);
			assertNoKey(KEY, items);
		});
	}

	it('uses the LoRA Name entered, and uploads several items each under its own MD5', async () => {
		const a = safetensors(1);
		const b = safetensors(2);
		const input = [await binaryItem(a, 'a.safetensors', 'application/octet-stream', 'lora'), await binaryItem(b, 'b.safetensors', 'application/octet-stream', 'lora')];
		const { items } = await run({ binaryPropertyName: 'lora', loraName: '={{ $json.name }}' }, input.map((item, i) => ({ ...item, json: { name: `style ${i}` } })));
		assert.deepEqual(jsonOf(items).map((j) => [j.loraName, j.fileName]), [
			['style 0', `api-lora/${md5(a)}.safetensors`],
			['style 1', `api-lora/${md5(b)}.safetensors`],
		]);
		assert.deepEqual(items.map((i) => i.pairedItem), [{ item: 0 }, { item: 1 }]);
		assert.equal(putRequests().filter((r) => r.status === 200).length, 2);
	});

	it('skips the PUT when RunningHub already has the file (name only, no URL)', async () => {
		const lora = safetensors();
		sim.control.addFault({
			path: URL_PATH,
			fault: { type: 'http', status: 200, body: { code: 0, msg: 'success', data: { fileName: `api-lora/${md5(lora)}.safetensors` } } },
		});
		const { items } = await run({}, [await binaryItem(lora, 'x.safetensors', 'application/octet-stream')]);
		assert.equal(items[0].json.alreadyUploaded, true);
		assert.equal(items[0].json.fileName, `api-lora/${md5(lora)}.safetensors`);
		assert.equal(putRequests().length, 0);
	});
});

describe('File → Upload LoRA: refusals', () => {
	it('refuses a file that is not safetensors, saying what it is, before any request', async () => {
		const ckpt = Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(200, 1)]);
		const error = await runError({}, [await binaryItem(ckpt, 'style.ckpt', 'application/octet-stream')]);
		assert.equal(error.message, 'Input Binary Field: "style.ckpt" is not a LoRA RunningHub can take: the file is not in safetensors format (it is a ZIP archive, as PyTorch .ckpt/.pt files are) [item 0]');
		assert.match(String(error.description), /\.safetensors files only/);
		assert.equal(sim.control.requests().length, 0);
	});

	it('refuses a web page saved instead of the file, an empty file and a cut-short file', async () => {
		const html = Buffer.from('<!DOCTYPE html><html><body>Sign in</body></html>');
		assert.match((await runError({}, [await binaryItem(html, 'lora.safetensors', 'text/html')])).message, /HTML or XML page/);
		assert.match((await runError({}, [await binaryItem(Buffer.alloc(0), 'lora.safetensors', 'application/octet-stream')])).message, /only 0 bytes/);
		const cut = safetensors().subarray(0, 40);
		assert.match((await runError({}, [await binaryItem(cut, 'lora.safetensors', 'application/octet-stream')])).message, /header is damaged or the file is cut short/);
		assert.equal(sim.control.requests().length, 0);
	});

	it('names the item and lists the binary properties it carries when the field is wrong', async () => {
		const input = [await binaryItem(safetensors(), 'a.safetensors', 'application/octet-stream', 'file')];
		const error = await runError({ binaryPropertyName: 'data' }, input);
		assert.equal(error.message, 'Input Binary Field: the input item has no binary property "data" [item 0]');
		assert.match(String(error.description), /Binary properties on this item: file/);
	});

	it('refuses a LoRA Name with a path separator', async () => {
		const error = await runError({ loraName: 'loras/style' }, [await binaryItem(safetensors(), 'a.safetensors', 'application/octet-stream')]);
		assert.match(error.message, /^LoRA Name: "loras\/style" is not a usable name .* \[item 0\]$/);
	});

	it('validates every item before uploading any', async () => {
		const input = [await binaryItem(safetensors(), 'good.safetensors', 'application/octet-stream'), await binaryItem(Buffer.from('nope'), 'bad.safetensors', 'application/octet-stream')];
		const error = await runError({}, input);
		assert.match(error.message, /"bad\.safetensors" .* \[item 1\]$/);
		assert.equal(sim.control.requests().length, 0);
	});

	it('reports a storage refusal (MD5 mismatch) with the file, and keeps going per item under continue on fail', async () => {
		const lora = safetensors();
		sim.control.addFault({ path: '^/__upload/lora/', fault: { type: 'http', status: 400, body: '<?xml version="1.0"?><Error><Code>BadDigest</Code></Error>' } });
		const input = [await binaryItem(lora, 'a.safetensors', 'application/octet-stream'), await binaryItem(safetensors(3), 'b.safetensors', 'application/octet-stream')];
		const { items } = await run({}, input, 'default', true);
		const outcomes = jsonOf(items);
		const failed = outcomes.filter((j) => j.error);
		assert.equal(failed.length, 1);
		assert.match(String(failed[0].error), /storage refused the LoRA file "(a|b)\.safetensors" \(HTTP 400 BadDigest\)/);
		assert.match(String(failed[0].errorDescription), /did not match the MD5/);
		assert.equal(outcomes.filter((j) => j.fileName).length, 1);
		assert.deepEqual(items.map((i) => i.pairedItem), [{ item: 0 }, { item: 1 }]);
		assertNoKey(KEY, items);
	});

	it('passes RunningHub\'s refusal of the URL request through with its code', async () => {
		const error = await runNodeError({ baseUrl: sim.url, apiKey: 'wrong-key-0000000000000000000000', parameters: params({}), input: [await binaryItem(safetensors(), 'a.safetensors', 'application/octet-stream')] });
		assert.equal(error.message, 'The API key was rejected [item 0]');
		assertRunningHubCode(error, 802, 'APIKEY_UNAUTHORIZED');
		assert.equal(putRequests().length, 0);
	});
});
