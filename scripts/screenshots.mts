// Screenshots of the RunningHub nodes in the real n8n editor, for the README (docs/images/).
//
//   npx tsx scripts/screenshots.mts [--only name1,name2] [--list] [--url http://127.0.0.1:5678]
//                                   [--out docs/images] [--tarball pkg.tgz]
//
// --list prints the shot names (each writes <name>.png); --only takes just those shots (e.g.
// `--only error-panel` after the error format changed), every shot when not given.
//
// Without --url it starts its own demo instance (the same code as `npm run demo`: packed
// package, simulator, credential, examples) on a free port and stops it afterwards; with --url
// it signs in to a running demo as its owner. The example workflows are run in the editor first,
// so the shots show real results. Needs Debian's chromium (apt-get install -y chromium) and
// playwright-core (a devDependency).
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import type { Locator, Page } from 'playwright-core';

import { DEMO_OWNER, exampleWorkflows, startDemo } from '../e2e/lib/demo.mjs';
import { freePort } from '../e2e/lib/ports.mjs';
import { stopAll } from '../e2e/lib/procs.mjs';
import { N8nRest, type WorkflowJson } from '../e2e/lib/rest.mjs';
import { REPO_ROOT } from '../e2e/lib/runtime.mjs';
import { templateWorkflows } from '../e2e/lib/templates.mjs';
import { openEditor, runMain, settle, signIn, tidy as tidyEditor } from './lib/editor.mts';

const { values } = parseArgs({
	options: {
		url: { type: 'string' },
		out: { type: 'string', default: join(REPO_ROOT, 'docs', 'images') },
		tarball: { type: 'string' },
		only: { type: 'string' },
		list: { type: 'boolean', default: false },
	},
});

/** Toasts and banners, and the close buttons of n8n's welcome dialogs. */
async function tidy(page: Page): Promise<void> {
	await tidyEditor(page);
	for (const el of await page.locator('[data-test-id="close-button"]').all()) await el.click({ timeout: 1000 }).catch(() => undefined);
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

/** Manual trigger → one RunningHub node (version 2) with these parameters, for a panel shot. */
function panelWorkflow(name: string, nodeName: string, parameters: Record<string, unknown>, credential: { id: string; name: string }): WorkflowJson {
	return {
		name,
		nodes: [
			{ id: 'p1', name: 'Run manually', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'p2', name: nodeName, type: 'n8n-nodes-runninghub.runningHub', typeVersion: 2, position: [260, 0], parameters, credentials: { runningHubApi: credential } },
		],
		connections: { 'Run manually': { main: [[{ node: nodeName, type: 'main', index: 0 }]] } },
	};
}

/** The simulator's text-to-image workflow and portrait app (simulator/workflows.mts). */
const SIM_WORKFLOW_ID = '1950000000000000001';
const SIM_APP_ID = '1960000000000000001';

/** What every shot may use: the editor page, n8n's REST API and helpers over them. */
interface ShotContext {
	page: Page;
	baseUrl: string;
	rest: N8nRest;
	sim: { url: string; keys: Record<string, string> } | null;
	idOf(file: string): string;
	node(name: string): Locator;
	openWorkflow(id: string): Promise<void>;
	execute(lastNode: string): Promise<void>;
	openNode(name: string): Promise<void>;
	closeNode(): Promise<void>;
	/** Creates a workflow for the shot; it is deleted when the shots end. */
	tempWorkflow(workflow: WorkflowJson): Promise<string>;
	credential(): Promise<{ id: string; name: string }>;
	problem(text: string): void;
}

/** A shot: `run` brings the editor to what `<name>.png` shows and returns what to capture (default: the page). */
interface Shot {
	name: string;
	run(c: ShotContext): Promise<Locator | void>;
}

const ndvOf = (page: Page) => page.locator('[data-test-id="ndv"]');

/** Opens a one-node panel workflow and its node, and scrolls the node's settings to `parameter`. */
async function panelShot(c: ShotContext, workflow: WorkflowJson, nodeName: string, scrollTo?: string): Promise<Locator> {
	await c.openWorkflow(await c.tempWorkflow(workflow));
	await c.openNode(nodeName);
	const ndv = ndvOf(c.page);
	if (scrollTo) {
		// A parameter's test id, or else a label's text (a collection such as Options has no test id
		// of its own); centred, so that what follows the parameter shows too.
		const byId = ndv.locator(`[data-test-id="parameter-input-${scrollTo}"], [data-test-id="${scrollTo}"]`);
		const target = (await byId.count()) > 0 ? byId.first() : ndv.getByText(scrollTo, { exact: true }).first();
		await target
			.evaluate((element) => element.scrollIntoView({ block: 'center' }))
			.catch(() => c.problem(`${nodeName}: ${scrollTo} not found`));
		await settle(c.page, 600);
	}
	return ndv;
}

/** A version 2 RunningHub node from a blank canvas: its parameters panel, scrolled to one parameter. */
function v2Panel(name: string, title: string, nodeName: string, scrollTo: string, parameters: Record<string, unknown>): Shot {
	return { name, run: async (c) => await panelShot(c, panelWorkflow(title, nodeName, parameters, await c.credential()), nodeName, scrollTo) };
}

const SHOTS: Shot[] = [
	{
		// The one-step example, run: the canvas with its results.
		name: 'workflow-talking-video',
		async run(c) {
			await c.openWorkflow(c.idOf('01-talking-video-from-a-script.json'));
			await c.execute('Save talking video');
		},
	},
	{
		// The example's Lip-Sync node after the run: input, settings and result.
		name: 'node-lip-sync',
		async run(c) {
			await c.openWorkflow(c.idOf('01-talking-video-from-a-script.json'));
			await c.execute('Save talking video');
			await c.openNode('Lip-sync the video');
		},
	},
	// Version 2 Lip-Sync from a blank canvas: Video Source URL, and Options with Simplify, Download Outputs, Put Output File in Field.
	v2Panel('node-lip-sync-options', 'Screenshot: Lip-Sync version 2', 'Lip-sync a video', 'Put Output File in Field', {
		resource: 'lipSync',
		operation: 'lipSync',
		videoUrl: 'https://example.com/presenter.mp4',
		text: 'Hello, and welcome to our channel!',
		submitOptions: { simplify: true, downloadOutputs: true, binaryPropertyName: 'video' },
	}),
	// Workflow → Run version 2: Node Inputs loaded from the simulator's workflow graph.
	v2Panel('node-workflow-inputs', 'Screenshot: Workflow Run inputs', 'Run a RunningHub workflow', 'Node Inputs', {
		resource: 'workflow',
		operation: 'run',
		workflowId: { __rl: true, mode: 'id', value: SIM_WORKFLOW_ID },
		nodeInputValues: { mappingMode: 'defineBelow', value: { '6:text': 'A lighthouse at dusk, watercolor', '3:seed': '1234567890123456789' }, matchingColumns: [], schema: [] },
	}),
	// AI App → Run version 2: App Inputs loaded from the simulator app's API call demo.
	v2Panel('node-ai-app-inputs', 'Screenshot: AI App Run inputs', 'Run a RunningHub AI app', 'App Inputs', {
		resource: 'aiApp',
		operation: 'run',
		webappId: { __rl: true, mode: 'id', value: SIM_APP_ID },
		appInputValues: { mappingMode: 'defineBelow', value: { '10:image': 'binary:data', '6:text': 'ink wash painting' }, matchingColumns: [], schema: [] },
	}),
	{
		// The node's actions in the nodes panel (over a workflow that has a trigger, so actions come first).
		name: 'node-actions',
		async run(c) {
			const { page } = c;
			await c.openWorkflow(c.idOf('01-talking-video-from-a-script.json'));
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
			if (!(await item.count())) throw new Error('searching "RunningHub" in the nodes panel found nothing');
			await item.click();
			await settle(page, 800);
		},
	},
	{
		// Submit and wait, run: the Wait for Task node with its three outputs.
		name: 'node-wait-for-task',
		async run(c) {
			await c.openWorkflow(c.idOf('03-submit-and-wait.json'));
			await c.execute('Save talking video');
			await c.openNode('Wait for task');
		},
	},
	{
		// The trigger with its notice and the ready-to-copy Production URL.
		name: 'node-trigger',
		async run(c) {
			await c.openWorkflow(c.idOf('04-task-finished-trigger.json'));
			await c.openNode('RunningHub Trigger');
			const webhooks = ndvOf(c.page).locator('.webhooks');
			if (!(await webhooks.count())) throw new Error('the trigger shows no webhook URLs');
			await webhooks.locator('.clickable.headline').first().click();
			await settle(c.page, 400);
			await webhooks.getByText('Production URL', { exact: true }).first().click().catch(() => undefined);
			await settle(c.page, 400);
			// The URL ends with the Trigger's secret: a picture in the README must not show one, even a demo's.
			await webhooks.evaluate((root) => {
				const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
				for (let n = walker.nextNode(); n; n = walker.nextNode()) n.nodeValue = (n.nodeValue ?? '').replace(/[0-9a-f]{32,}/g, 'YOUR-SECRET');
			});
			return ndvOf(c.page);
		},
	},
	{
		// An error in n8n's error panel: Workflow → Run with a workflow ID RunningHub does not know.
		name: 'error-panel',
		async run(c) {
			const { page } = c;
			await c.openWorkflow(await c.tempWorkflow(errorWorkflow(await c.credential())));
			await page.locator('[data-test-id="execute-workflow-button"]').first().click();
			// A failed node shows n8n's warning mark (n8n 2.x has no separate error mark); the toast says the same.
			await c.node(ERROR_NODE).locator('[data-test-id="canvas-node-status-warning"]').or(page.locator('.el-notification--error, .el-notification .el-icon-error')).first().waitFor({ timeout: 60_000 });
			await tidy(page);
			await c.openNode(ERROR_NODE);
			await page.locator('[data-test-id="ndv"] [data-test-id="node-error-message"], [data-test-id="ndv"] .node-error-view').first().waitFor({ timeout: 10_000 }).catch(() => c.problem('the error panel did not show the error'));
			await settle(page, 500);
		},
	},
	{
		// The credential, tested: the enterprise shared key passes.
		name: 'credential',
		async run(c) {
			await openCredential(c.page, c.baseUrl, (await c.credential()).name);
			await testOpenCredential(c.page);
		},
	},
	{
		// A membership key: it works, and the test says what it cannot do (only with our own simulator).
		name: 'credential-membership-key',
		async run(c) {
			if (!c.sim) throw new Error('--url: this shot needs the simulator this script starts itself');
			const membership = await c.rest.createCredential('RunningHub (membership key)', 'runningHubApi', { apiKey: c.sim.keys.aiNormal, site: 'custom', baseUrl: c.sim.url });
			await openCredential(c.page, c.baseUrl, membership.name);
			await testOpenCredential(c.page);
		},
	},
	// Each template of templates/, imported and shown on the canvas (they call third-party services: not run).
	...templateWorkflows().map(
		({ file, workflow }): Shot => ({
			name: `template-${basename(file, '.json')}`,
			async run(c) {
				const { name, nodes, connections, settings } = workflow as WorkflowJson & { settings?: unknown };
				// The whole editor, not the canvas alone: its header names the template and the canvas
				// tabs overlap the canvas's top edge (a canvas-only clip cuts them in half).
				await c.openWorkflow(await c.tempWorkflow({ name, nodes, connections, ...(settings ? { settings } : {}) } as WorkflowJson));
			},
		}),
	),
];

/** The shots --only names, in the order of SHOTS; an unknown name is an error that lists the known ones. */
function selectShots(only: string | undefined): Shot[] {
	if (!only) return SHOTS;
	const names = only.split(',').map((n) => n.trim().replace(/\.png$/, '')).filter(Boolean);
	const unknown = names.filter((n) => !SHOTS.some((s) => s.name === n));
	if (unknown.length) throw new Error(`unknown shot(s): ${unknown.join(', ')}; known: ${SHOTS.map((s) => s.name).join(', ')}`);
	return SHOTS.filter((s) => names.includes(s.name));
}

async function main(): Promise<void> {
	if (values.list) {
		for (const s of SHOTS) console.log(s.name);
		return;
	}
	const shots = selectShots(values.only);
	const outDir = resolve(values.out as string);
	mkdirSync(outDir, { recursive: true });

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

	const editor = await openEditor();
	const { page } = editor;
	const written: string[] = [];
	const problems: string[] = [];
	const temporary: string[] = [];
	const node = (name: string) => page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
	let credential: { id: string; name: string } | undefined;
	const c: ShotContext = {
		page,
		baseUrl,
		rest,
		sim,
		node,
		idOf(file) {
			const id = ids.get(file);
			if (!id) throw new Error(`the example ${file} is not imported in ${baseUrl}`);
			return id;
		},
		async openWorkflow(id) {
			await page.goto(`${baseUrl}/workflow/${id}`);
			await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 30_000 });
			await settle(page, 1000);
			await tidy(page);
			await page.keyboard.press('1'); // zoom to fit
			await settle(page);
		},
		async execute(lastNode) {
			await page.locator('[data-test-id="execute-workflow-button"]').first().click();
			await node(lastNode).locator('[data-test-id="canvas-node-status-success"]').waitFor({ timeout: 60_000 });
			// The "Workflow executed successfully" toast would cover the last nodes.
			await page.locator('.el-notification').first().waitFor({ timeout: 5000 }).catch(() => undefined);
			await tidy(page);
			await page.locator('.el-notification').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
			await settle(page, 500);
		},
		async openNode(name) {
			await node(name).dblclick();
			await page.waitForSelector('[data-test-id="ndv"]', { timeout: 15_000 });
			await settle(page, 1000);
		},
		async closeNode() {
			await page.locator('[data-test-id="ndv-close-button"]').first().click();
			await page.waitForSelector('[data-test-id="ndv"]', { state: 'hidden', timeout: 10_000 });
			await settle(page);
		},
		async tempWorkflow(workflow) {
			const { id } = await rest.createWorkflow(workflow);
			temporary.push(String(id));
			return String(id);
		},
		async credential() {
			credential ??= await runningHubCredential(rest);
			return credential;
		},
		problem: (text) => problems.push(text),
	};
	try {
		await signIn(page, baseUrl, DEMO_OWNER);
		for (const shot of shots) {
			try {
				const target = await shot.run(c);
				const path = join(outDir, `${shot.name}.png`);
				await (target ?? page).screenshot({ path });
				written.push(path);
			} catch (error) {
				problems.push(`${shot.name}: ${(error as Error).message.split('\n')[0]} (not written)`);
			}
			await page.keyboard.press('Escape').catch(() => undefined);
			await page.keyboard.press('Escape').catch(() => undefined);
		}
	} finally {
		for (const id of temporary) await rest.request('DELETE', `/rest/workflows/${id}`).catch(() => undefined);
		await editor.close();
		await stopAll();
		if (workDir) rmSync(workDir, { recursive: true, force: true });
	}
	for (const path of written) console.log(`wrote ${relative(REPO_ROOT, path)} (${Math.round(statSync(path).size / 1024)} KB)`);
	for (const problem of problems) console.error(`problem: ${problem}`);
	if (problems.length) process.exitCode = 1;
}

runMain(main);
