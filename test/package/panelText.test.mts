// What the editor shows about the nodes: the nodes panel's details card of the RunningHub node
// (n8n shows the description of the trigger merged into it), "LoRA" spelled so in every
// user-facing string, notices free of n8n internals, and search aliases in the codex files.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import type { INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

import { RunningHub } from '../../nodes/RunningHub/RunningHub.node.ts';
import { RunningHubTrigger } from '../../nodes/RunningHubTrigger/RunningHubTrigger.node.ts';
import { RunningHubWaitForTask } from '../../nodes/RunningHubWaitForTask/RunningHubWaitForTask.node.ts';

const node = new RunningHub().description;
const trigger = new RunningHubTrigger().description;
const wait = new RunningHubWaitForTask().description;

/** Every user-facing text of a node: names, descriptions, hints, actions, notices, placeholders. */
function texts(description: INodeTypeDescription): Array<{ where: string; text: string; notice: boolean }> {
	const out: Array<{ where: string; text: string; notice: boolean }> = [];
	const add = (where: string, text: unknown, notice = false) => {
		if (typeof text === 'string' && text) out.push({ where, text, notice });
	};
	add('description', description.description);
	add('displayName', description.displayName);
	const walk = (items: Array<INodeProperties | INodePropertyOptions | INodePropertyCollection>, path: string) => {
		for (const item of items) {
			const where = `${path}/${'name' in item ? item.name : ''}`;
			const p = item as Partial<INodeProperties & INodePropertyOptions>;
			add(where, p.displayName, p.type === 'notice');
			add(where, p.description);
			add(where, p.hint);
			add(where, p.placeholder);
			add(where, p.action);
			if ('value' in item && !('type' in item)) add(where, (item as INodePropertyOptions).name);
			if (Array.isArray(p.options)) walk(p.options as INodeProperties[], where);
			if (Array.isArray((item as INodePropertyCollection).values)) walk((item as INodePropertyCollection).values, where);
		}
	};
	walk(description.properties, description.name);
	return out;
}

const ALL = [node, trigger, wait].flatMap(texts);

describe('nodes panel and panel texts', () => {
	it('the RunningHub card describes the RunningHub node: the trigger merged into it leads with that description', () => {
		// n8n merges <name>Trigger into <name> and shows the trigger's description on the card.
		assert.equal(trigger.name, `${node.name}Trigger`);
		assert.ok(trigger.description.startsWith(node.description), trigger.description);
		assert.match(trigger.description, /trigger starts a workflow/);
	});

	it('spells LoRA so wherever a user reads it (identifiers like RHLoraLoader aside)', () => {
		const misspelt = (text: string) => /lora/i.test(text.replace(/RHLoraLoader|LoRA/g, ''));
		assert.ok(misspelt('Upload a lora file') && misspelt('Lora name') && !misspelt('the RHLoraLoader node takes a LoRA'));
		const wrong = ALL.filter(({ text }) => misspelt(text));
		assert.deepEqual(wrong, []);
		assert.ok(ALL.some(({ text }) => text.includes('LoRA')), 'the LoRA texts were found');
	});

	it('notices speak of RunningHub and the user\'s nodes, not of n8n internals', () => {
		const notices = ALL.filter((t) => t.notice);
		assert.ok(notices.length >= 4);
		for (const { where, text } of notices) {
			assert.doesNotMatch(text, /resume URL|executeFunctions|pairedItem|typeVersion|IExecute|\$execution/i, where);
		}
	});

	it('each codex file names its node and gives search aliases', () => {
		for (const name of ['RunningHub', 'RunningHubTrigger', 'RunningHubWaitForTask']) {
			const codex = JSON.parse(readFileSync(new URL(`../../nodes/${name}/${name}.node.json`, import.meta.url), 'utf8'));
			assert.equal(codex.node, `n8n-nodes-runninghub.${name[0].toLowerCase()}${name.slice(1)}`);
			assert.ok(Array.isArray(codex.alias) && codex.alias.length > 0, name);
			assert.ok(!codex.categories.includes('AI'), 'an "AI" category hides the node from the panel search');
		}
	});
});
