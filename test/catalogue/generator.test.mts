import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import {
	generate,
	hasCjk,
	MODELS_FILE,
	PRICING_FILE,
	REPO_DIR,
} from '../../scripts/generate-catalogue.mts';
import { DATA_DIR } from './helpers.mts';

const temporaryDirs: string[] = [];
after(() => {
	for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the vendored data folder with one file changed. */
function dataCopy(file: string, change: (data: any) => void): string {
	const dir = mkdtempSync(join(tmpdir(), 'catalogue-'));
	temporaryDirs.push(dir);
	cpSync(DATA_DIR, dir, { recursive: true });
	const path = join(dir, file);
	const data = JSON.parse(readFileSync(path, 'utf8'));
	change(data);
	writeFileSync(path, JSON.stringify(data));
	return dir;
}

describe('generator', () => {
	const first = generate(DATA_DIR);

	it('reads the vendored data, which is what data/runninghub/README.md says it is', () => {
		const readme = readFileSync(join(DATA_DIR, 'README.md'), 'utf8');
		for (const file of ['model-registry.json', 'pricing.json', 'LICENSE-registry.txt']) {
			const sha256 = createHash('sha256').update(readFileSync(join(DATA_DIR, file))).digest('hex');
			assert.match(readme, new RegExp(`\\| \`${file}\` \\|[^\\n]*\`${sha256}\``), `${file}: update README`);
		}
		const { version } = JSON.parse(readFileSync(join(DATA_DIR, 'model-registry.json'), 'utf8'));
		assert.ok(readme.includes(`\`${version}\``), `README names the data version ${version}`);
		assert.equal(generate().models, first.models, 'generate() defaults to data/runninghub');
	});

	it('is deterministic', () => {
		const second = generate(DATA_DIR);
		assert.equal(second.models, first.models);
		assert.equal(second.pricing, first.pricing);
	});

	it('matches the committed files byte for byte', () => {
		assert.equal(readFileSync(MODELS_FILE, 'utf8'), first.models, 'run npm run catalogue');
		assert.equal(readFileSync(PRICING_FILE, 'utf8'), first.pricing, 'run npm run catalogue');
	});

	it('--check passes from the command line', () => {
		const run = spawnSync(
			process.execPath,
			['--import', 'tsx', join(REPO_DIR, 'scripts', 'generate-catalogue.mts'), '--check'],
			{ cwd: REPO_DIR, encoding: 'utf8' },
		);
		assert.equal(run.status, 0, run.stderr);
		assert.match(run.stdout, /up to date/);
	});

	it('reads the data folder named by RUNNINGHUB_DATA_DIR', () => {
		const dir = dataCopy('model-registry.json', (data) => {
			data.models[0].params[0].label = 'changed';
		});
		const run = spawnSync(
			process.execPath,
			['--import', 'tsx', join(REPO_DIR, 'scripts', 'generate-catalogue.mts'), '--check'],
			{ cwd: REPO_DIR, encoding: 'utf8', env: { ...process.env, RUNNINGHUB_DATA_DIR: dir } },
		);
		assert.equal(run.status, 0, run.stderr); // labels come from keys: nothing changes
		const broken = dataCopy('pricing.json', (data) => {
			data.pricing[0].unit = '/year';
		});
		const failing = spawnSync(
			process.execPath,
			['--import', 'tsx', join(REPO_DIR, 'scripts', 'generate-catalogue.mts'), '--check'],
			{ cwd: REPO_DIR, encoding: 'utf8', env: { ...process.env, RUNNINGHUB_DATA_DIR: broken } },
		);
		assert.equal(failing.status, 1);
		assert.match(failing.stderr, /unknown price unit \/year/);
	});

	it('emits no CJK character and carries the licence notice', () => {
		for (const text of [first.models, first.pricing]) {
			assert.equal(hasCjk(text), false);
			assert.match(text, /^\/\*!\n/);
			assert.match(text, /\n \*\/\n\nimport type /, 'a detached header survives removeComments');
			assert.match(text, /Licensed under the Apache License, Version 2\.0/);
			assert.match(text, /Copyright 2025 RunningHub/);
			assert.match(text, /DO NOT EDIT\. Run `npm run catalogue`/);
		}
	});

	it('reports what it converted', () => {
		assert.equal(first.stats.models, 299);
		assert.deepEqual(Object.keys(first.stats.paramTypes).sort(), [
			'AUDIO',
			'BOOLEAN',
			'FLOAT',
			'IMAGE',
			'INT',
			'LIST',
			'STRING',
			'VIDEO',
		]);
		assert.deepEqual(first.stats.pricingKinds, { fixed: 117, parameter_based: 172, unparsed: 1 });
		assert.equal(first.stats.unpriced.length, 9);
	});

	it('fails when Chinese would reach an option label', () => {
		const dir = dataCopy('model-registry.json', (data) => {
			const param = data.models
				.flatMap((model: any) => model.params)
				.find((p: any) => p.options?.length > 1 && p.defaultValue !== p.options[1].value);
			param.options[1].descriptionEn = undefined;
			param.options[1].value = '\u4e2d\u6587';
		});
		assert.throws(() => generate(dir), /CJK text would be emitted/);
	});

	it('fails on an unknown parameter type, output type or pricing type', () => {
		const badType = dataCopy('model-registry.json', (data) => {
			data.models[0].params[0].type = 'MESH';
		});
		assert.throws(() => generate(badType), /unknown parameter type MESH/);
		const badOutput = dataCopy('model-registry.json', (data) => {
			data.models[0].output_type = 'hologram';
		});
		assert.throws(() => generate(badOutput), /unknown output type hologram/);
		const badPricing = dataCopy('pricing.json', (data) => {
			data.pricing[0].pricing_type = 'auction';
		});
		assert.throws(() => generate(badPricing), /unknown pricing type auction/);
	});

	it('fails when a price depends on a field the model lacks', () => {
		const dir = dataCopy('pricing.json', (data) => {
			const entry = data.pricing.find((p: any) => p.pricing_type === 'parameter_based');
			entry.depends_on = ['nonexistent'];
			entry.rules = [{ when: { nonexistent: 'x' }, price: 1 }];
		});
		assert.throws(() => generate(dir), /depends on unknown parameter nonexistent/);
	});
});
