// Screenshots of the RunningHub nodes in the real n8n editor, for the README (docs/images/).
//
//   npx tsx scripts/screenshots.mts [--url http://127.0.0.1:5678] [--out docs/images] [--tarball pkg.tgz]
//
// Without --url it starts its own demo instance (the same code as `npm run demo`: packed
// package, simulator, credential, examples) on a free port and stops it afterwards; with --url
// it signs in to a running demo as its owner. The example workflows are run in the editor first,
// so the shots show real results. Needs Debian's chromium (apt-get install -y chromium) and
// playwright-core (a devDependency).
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { chromium, type Page } from 'playwright-core';

import { DEMO_OWNER, exampleWorkflows, startDemo } from '../e2e/lib/demo.mjs';
import { freePort } from '../e2e/lib/ports.mjs';
import { stopAll } from '../e2e/lib/procs.mjs';
import { N8nRest, type WorkflowJson } from '../e2e/lib/rest.mjs';
import { REPO_ROOT } from '../e2e/lib/runtime.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1280, height: 860 };

const { values } = parseArgs({
	options: {
		url: { type: 'string' },
		out: { type: 'string', default: join(REPO_ROOT, 'docs', 'images') },
		tarball: { type: 'string' },
	},
});

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

/** The id n8n gave each example workflow, by example file name (matched on the workflow name). */
async function exampleIds(rest: N8nRest): Promise<Map<string, string>> {
	const stored = await rest.listWorkflows();
	const ids = new Map<string, string>();
	for (const { file, workflow } of exampleWorkflows()) {
		const match = stored.find((w) => w.name === workflow.name);
		if (match) ids.set(file, String(match.id));
	}
	return ids;
}

const ERROR_NODE = 'Run a RunningHub workflow';

/** The RunningHub credential of the demo (the first one, as the demo creates one). */
async function runningHubCredential(rest: N8nRest): Promise<{ id: string; name: string }> {
	const answer = await rest.request<{ data?: Array<{ id: string; name: string; type: string }> } | Array<{ id: string; name: string; type: string }>>('GET', '/rest/credentials');
	const list = Array.isArray(answer) ? answer : (answer.data ?? []);
	const found = list.find((c) => c.type === 'runningHubApi');
	if (!found) throw new Error('no RunningHub credential on this n8n');
	return { id: String(found.id), name: found.name };
}

/** Manual trigger → Workflow → Run with a workflow ID that does not exist: RunningHub refuses it (380). */
function errorWorkflow(credential: { id: string; name: string }): WorkflowJson {
	return {
		name: 'Screenshot: an error in the error panel',
		nodes: [
			{ id: 'a1', name: 'Run manually', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'a2',
				name: ERROR_NODE,
				type: 'n8n-nodes-runninghub.runningHub',
				typeVersion: 2,
				position: [260, 0],
				parameters: { resource: 'workflow', operation: 'run', workflowId: '1999999999999999999' },
				credentials: { runningHubApi: credential },
			},
		],
		connections: { 'Run manually': { main: [[{ node: ERROR_NODE, type: 'main', index: 0 }]] } },
	};
}

async function openCredential(page: Page, baseUrl: string, name: string): Promise<void> {
	await page.goto(`${baseUrl}/home/credentials`);
	await page.waitForSelector('[data-test-id="resources-list-item"]', { timeout: 15_000 });
	await settle(page);
	await page.locator('[data-test-id="resources-list-item"]').filter({ hasText: name }).first().click();
	await page.waitForSelector('[data-test-id="editCredential-modal"]', { timeout: 15_000 });
	await settle(page, 800);
}

/** Runs n8n's credential test in the open credential (Save, or Retry once tested) and waits for its banner. */
async function testOpenCredential(page: Page): Promise<void> {
	const modal = page.locator('[data-test-id="editCredential-modal"]');
	const retry = modal.getByText('Retry', { exact: true });
	if (await retry.count()) await retry.first().click();
	else await modal.locator('[data-test-id="credential-save-button"]').first().click();
	await modal.locator('[data-test-id="credential-test-status"], .el-alert, [role="alert"]').first().waitFor({ timeout: 20_000 }).catch(() => undefined);
	await settle(page, 800);
	// A failed test hides its message behind "More details": the message is what the shot is for.
	const details = modal.getByText('More details', { exact: true });
	if (await details.count()) {
		await details.first().click().catch(() => undefined);
		await settle(page, 500);
	}
}

async function main(): Promise<void> {
	const outDir = resolve(values.out as string);
	mkdirSync(outDir, { recursive: true });
	if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH)`);

	let baseUrl = values.url?.replace(/\/+$/, '');
	let workDir: string | null = null;
	/** The simulator of a demo this script started (its keys give the membership-key shot). */
	let sim: { url: string; keys: Record<string, string> } | null = null;
	if (!baseUrl) {
		workDir = mkdtempSync(join(tmpdir(), 'rh-screenshots-'));
		const demo = await startDemo({
			port: await freePort(),
			workDir,
			tarball: values.tarball ? resolve(values.tarball) : undefined,
			// Quick simulated tasks: the editor runs below wait for them.
			simTaskDurationMs: 800,
			log: (l) => console.log(`[screenshots] ${l}`),
		});
		baseUrl = demo.url;
		sim = demo.sim;
	}
	const rest = new N8nRest(baseUrl);
	await rest.login(DEMO_OWNER);
	const ids = await exampleIds(rest);
	const idOf = (file: string) => {
		const id = ids.get(file);
		if (!id) throw new Error(`the example ${file} is not imported in ${baseUrl}`);
		return id;
	};

	const profile = mkdtempSync(join(tmpdir(), 'rh-chromium-'));
	const browser = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		viewport: VIEWPORT,
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
		const node = (name: string) => page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
		const openWorkflow = async (file: string) => {
			await page.goto(`${baseUrl}/workflow/${idOf(file)}`);
			await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 30_000 });
			await settle(page, 1000);
			await tidy(page);
			await page.keyboard.press('1'); // zoom to fit
			await settle(page);
		};
		/** Runs the open workflow from the editor and waits until `lastNode` shows its success mark. */
		const execute = async (lastNode: string) => {
			await page.locator('[data-test-id="execute-workflow-button"]').first().click();
			await node(lastNode).locator('[data-test-id="canvas-node-status-success"]').waitFor({ timeout: 60_000 });
			// The "Workflow executed successfully" toast would cover the last nodes.
			await page.locator('.el-notification').first().waitFor({ timeout: 5000 }).catch(() => undefined);
			await tidy(page);
			await page.locator('.el-notification').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
			await settle(page, 500);
		};
		const openNode = async (name: string) => {
			await node(name).dblclick();
			await page.waitForSelector('[data-test-id="ndv"]', { timeout: 15_000 });
			await settle(page, 1000);
		};
		const closeNode = async () => {
			await page.locator('[data-test-id="ndv-close-button"]').first().click();
			await page.waitForSelector('[data-test-id="ndv"]', { state: 'hidden', timeout: 10_000 });
			await settle(page);
		};

		await page.goto(`${baseUrl}/signin`);
		await page.fill('input[name="emailOrLdapLoginId"]', DEMO_OWNER.email);
		await page.fill('input[name="password"]', DEMO_OWNER.password);
		await page.click('[data-test-id="form-submit-button"]');
		await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 30_000 });

		// 1. The one-step example, run: the canvas, then the Lip-Sync node with its input and result.
		await openWorkflow('01-talking-video-from-a-script.json');
		await execute('Save talking video');
		await shot('workflow-talking-video.png');
		await openNode('Lip-sync the video');
		await shot('node-lip-sync.png');
		await closeNode();

		// 2. The node's actions in the nodes panel (over a workflow that has a trigger, so actions come first).
		await page.locator('[data-test-id="node-creator-plus-button"]').first().click();
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
		await settle(page);

		// 3. Submit and wait, run: the Wait for Task node with its three outputs.
		await openWorkflow('03-submit-and-wait.json');
		await execute('Save talking video');
		await openNode('Wait for task');
		await shot('node-wait-for-task.png');
		await closeNode();

		// 4. The trigger with its notice and Production URL.
		await openWorkflow('04-task-finished-trigger.json');
		await openNode('RunningHub Trigger');
		const webhooks = page.locator('[data-test-id="ndv"] .webhooks');
		if (await webhooks.count()) {
			await webhooks.locator('.clickable.headline').first().click();
			await settle(page, 400);
			await webhooks.getByText('Production URL', { exact: true }).first().click().catch(() => undefined);
			await settle(page, 400);
		} else {
			problems.push('the trigger shows no webhook URLs');
		}
		await shot('node-trigger.png');
		await closeNode();

		// 5. An error in n8n's error panel: Workflow → Run with a workflow ID RunningHub does not know.
		const credential = await runningHubCredential(rest);
		const failing = await rest.createWorkflow(errorWorkflow(credential));
		try {
			await page.goto(`${baseUrl}/workflow/${failing.id}`);
			await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 30_000 });
			await settle(page, 800);
			await tidy(page);
			await page.keyboard.press('1');
			await page.locator('[data-test-id="execute-workflow-button"]').first().click();
			// A failed node shows n8n's warning mark (n8n 2.x has no separate error mark); the toast says the same.
			await node(ERROR_NODE).locator('[data-test-id="canvas-node-status-warning"]').or(page.locator('.el-notification--error, .el-notification .el-icon-error')).first().waitFor({ timeout: 60_000 });
			await tidy(page);
			await openNode(ERROR_NODE);
			await page.locator('[data-test-id="ndv"] [data-test-id="node-error-message"], [data-test-id="ndv"] .node-error-view').first().waitFor({ timeout: 10_000 }).catch(() => problems.push('the error panel did not show the error'));
			await settle(page, 500);
			await shot('error-panel.png');
			await closeNode();
		} finally {
			await rest.request('DELETE', `/rest/workflows/${failing.id}`).catch(() => undefined);
		}

		// 6. The credential, tested: the enterprise shared key passes.
		await openCredential(page, baseUrl, credential.name);
		await testOpenCredential(page);
		await shot('credential.png');
		await page.keyboard.press('Escape');

		// 7. A membership key: it works, and the test says what it cannot do (only with our own simulator).
		if (sim) {
			const membership = await rest.createCredential('RunningHub (membership key)', 'runningHubApi', { apiKey: sim.keys.aiNormal, site: 'custom', baseUrl: sim.url });
			await openCredential(page, baseUrl, membership.name);
			await testOpenCredential(page);
			await shot('credential-membership-key.png');
			await page.keyboard.press('Escape');
		} else {
			problems.push('--url: credential-membership-key.png needs the simulator this script starts itself; not written');
		}
	} finally {
		await browser.close();
		rmSync(profile, { recursive: true, force: true });
		await stopAll();
		if (workDir) rmSync(workDir, { recursive: true, force: true });
	}
	for (const path of written) console.log(`wrote ${relative(REPO_ROOT, path)} (${Math.round(statSync(path).size / 1024)} KB)`);
	for (const problem of problems) console.error(`problem: ${problem}`);
	if (problems.length) process.exitCode = 1;
}

main().catch(async (error) => {
	console.error(error);
	await stopAll();
	process.exit(1);
});
