// Screenshots of the RunningHub nodes in the real n8n editor, for the README.
//
//   npx tsx scripts/screenshots.mts [--url http://127.0.0.1:5678] [--out docs/images] [--tarball pkg.tgz]
//
// Without --url it starts its own demo instance (the same code as `npm run demo`: packed
// package, simulator, credential, examples) on a free port and stops it afterwards; with --url
// it signs in to a running demo as its owner. Needs Debian's chromium
// (apt-get install -y chromium) and playwright-core (a devDependency).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { chromium, type Page } from 'playwright-core';

import { Catalog } from '../e2e/lib/catalog.mjs';
import { DEMO_OWNER, startDemo } from '../e2e/lib/demo.mjs';
import { importWorkflow } from '../e2e/lib/instance.mjs';
import { freePort } from '../e2e/lib/ports.mjs';
import { stopAll } from '../e2e/lib/procs.mjs';
import { N8nRest, type WorkflowJson } from '../e2e/lib/rest.mjs';
import { REPO_ROOT } from '../e2e/lib/runtime.mjs';
import { loadWorkflow, NODE_PREFIX } from '../e2e/lib/workflows.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const { values } = parseArgs({
	options: {
		url: { type: 'string' },
		out: { type: 'string', default: join(REPO_ROOT, 'docs', 'images') },
		tarball: { type: 'string' },
	},
});

/** The workflow to show: an example with a lip-sync node if there is one, else a built-in one. */
function showcase(examples: Array<{ id: string; name: string }>, rest: N8nRest, catalog: Catalog) {
	return async (): Promise<{ id: string; nodeName: string }> => {
		for (const example of examples) {
			const wf = (await rest.getWorkflow(example.id)) as WorkflowJson;
			const node = wf.nodes.find((n) => n.type === `${NODE_PREFIX}runningHub` && n.parameters.resource === 'lipSync') ??
				wf.nodes.find((n) => n.type.startsWith(NODE_PREFIX));
			if (node) return { id: example.id, nodeName: node.name };
		}
		const name = catalog.operations('lipSync').includes('lipSync') ? 'lip-sync-one-step' : 'task-get-download';
		const workflow = loadWorkflow(name, { INPUT_PATH: '/data/presenter.mp4', OUTPUT_PATH: '/data/talking.mp4', TEXT: 'Hello from RunningHub!', FILES_DIR: '/data', TASK_ID: '1965432109876543210' });
		workflow.name = name === 'lip-sync-one-step' ? 'Talking video from a script' : 'Download a RunningHub task';
		const credentials = await rest.request<Array<{ id: string; name: string; type: string }>>('GET', '/rest/credentials');
		const credential = credentials.find((c) => c.type === 'runningHubApi');
		if (!credential) throw new Error('no RunningHub credential in this n8n');
		const created = await importWorkflow({ rest, credential: { id: credential.id, name: credential.name, type: credential.type } }, workflow);
		const node = workflow.nodes.find((n) => n.type.startsWith(NODE_PREFIX));
		return { id: created.id, nodeName: node?.name ?? '' };
	};
}

async function settle(page: Page, ms = 600): Promise<void> {
	await page.waitForLoadState('networkidle').catch(() => undefined);
	await page.waitForTimeout(ms);
}

/** Closes toasts and the banners n8n shows to a new owner, so they do not cover the shot. */
async function tidy(page: Page): Promise<void> {
	for (const selector of ['.el-notification__closeBtn', '[data-test-id="banner-close"]', '[data-test-id="close-button"]']) {
		for (const el of await page.locator(selector).all()) await el.click({ timeout: 1000 }).catch(() => undefined);
	}
}

async function main(): Promise<void> {
	const outDir = resolve(values.out as string);
	mkdirSync(outDir, { recursive: true });
	if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH)`);

	let baseUrl = values.url?.replace(/\/+$/, '');
	let examples: Array<{ id: string; name: string }> = [];
	let workDir: string | null = null;
	if (!baseUrl) {
		workDir = mkdtempSync(join(tmpdir(), 'rh-screenshots-'));
		const demo = await startDemo({
			port: await freePort(),
			workDir,
			tarball: values.tarball ? resolve(values.tarball) : undefined,
			log: (l) => console.log(`[screenshots] ${l}`),
		});
		baseUrl = demo.url;
		examples = demo.workflows;
	}
	const rest = new N8nRest(baseUrl);
	await rest.login(DEMO_OWNER);
	if (!examples.length) examples = await rest.listWorkflows();
	const catalog = await Catalog.load(rest);
	const target = await showcase(examples, rest, catalog)();

	const profile = mkdtempSync(join(tmpdir(), 'rh-chromium-'));
	// A fresh profile folder each time (Playwright passes it as --user-data-dir).
	const browser = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		viewport: { width: 1440, height: 900 },
		deviceScaleFactor: 1,
	});
	const written: string[] = [];
	const problems: string[] = [];
	try {
		const page = browser.pages()[0] ?? (await browser.newPage());
		const shot = async (name: string) => {
			const path = join(outDir, name);
			await page.screenshot({ path });
			written.push(path);
		};

		await page.goto(`${baseUrl}/signin`);
		await page.fill('input[name="emailOrLdapLoginId"]', DEMO_OWNER.email);
		await page.fill('input[name="password"]', DEMO_OWNER.password);
		await page.click('[data-test-id="form-submit-button"]');
		await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 30_000 });

		// 1. The workflow on the canvas.
		await page.goto(`${baseUrl}/workflow/${target.id}`);
		await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 30_000 });
		await settle(page, 1500);
		await tidy(page);
		await page.keyboard.press('1'); // zoom to fit
		await settle(page);
		await shot('workflow.png');

		// 2. The RunningHub node's parameters.
		await page.locator(`[data-test-id="canvas-node"][data-node-name="${target.nodeName}"]`).dblclick();
		await page.waitForSelector('[data-test-id="ndv"]', { timeout: 15_000 });
		await settle(page, 1000);
		await shot('node-parameters.png');
		await page.keyboard.press('Escape');
		await settle(page);

		// 3. The node's actions in the nodes panel.
		await page.keyboard.press('Tab');
		await page.waitForSelector('[data-test-id="node-creator-search-bar"]', { timeout: 10_000 });
		await page.keyboard.type('RunningHub');
		await settle(page, 800);
		// Nodes with several actions are "action items"; the RunningHub node is the one without "Wait".
		const item = page
			.locator('[data-test-id="node-creator-action-item"], [data-test-id="node-creator-node-item"]')
			.filter({ hasText: 'RunningHub' })
			.filter({ hasNotText: 'Wait' })
			.first();
		if (await item.count()) {
			await item.click();
			await settle(page, 800);
			await shot('node-actions.png');
		} else {
			// n8n leaves nodes with the "AI" codex category out of this search (e2e scenario nodes-panel).
			problems.push('searching "RunningHub" in the nodes panel found nothing: node-actions.png not written');
		}
		await page.keyboard.press('Escape');
		await page.keyboard.press('Escape');

		// 4. The credential.
		await page.goto(`${baseUrl}/home/credentials`);
		await page.waitForSelector('[data-test-id="resources-list-item"]', { timeout: 15_000 });
		await settle(page);
		await page.locator('[data-test-id="resources-list-item"]').filter({ hasText: 'RunningHub' }).first().click();
		await page.waitForSelector('[data-test-id="editCredential-modal"]', { timeout: 15_000 });
		await settle(page, 1500);
		await shot('credential.png');
	} finally {
		await browser.close();
		rmSync(profile, { recursive: true, force: true });
		await stopAll();
		if (workDir) rmSync(workDir, { recursive: true, force: true });
	}
	for (const path of written) console.log(`wrote ${relative(REPO_ROOT, path)}`);
	for (const problem of problems) console.error(`problem: ${problem}`);
	if (problems.length) process.exitCode = 1;
}

main().catch(async (error) => {
	console.error(error);
	await stopAll();
	process.exit(1);
});
