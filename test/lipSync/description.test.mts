// How the Lip Sync resource renders: which parameters each operation shows by default and for
// each source, no parameter name reused with another type anywhere in the node, and the UI
// conventions (placeholders, booleans, sorted options).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NodeHelpers, type INode, type INodeProperties } from 'n8n-workflow';

import { RunningHub } from '../../nodes/RunningHub/RunningHub.node';

const description = new RunningHub().description;
const node = { name: 'RunningHub', type: 'n8n-nodes-runninghub.runningHub', typeVersion: 1, position: [0, 0], parameters: {}, id: 'n' } as INode;

function shown(parameters: Record<string, unknown>): string[] {
	const values = NodeHelpers.getNodeParameters(description.properties, { resource: 'lipSync', ...parameters } as never, true, false, node, description) ?? {};
	return Object.keys(values).filter((k) => !['resource', 'operation'].includes(k));
}

const lipSyncProperties = description.properties.filter((p) => p.displayOptions?.show?.resource?.includes('lipSync'));

function walk(properties: INodeProperties[], visit: (p: INodeProperties) => void): void {
	for (const p of properties) {
		visit(p);
		for (const option of (p.options ?? []) as Array<INodeProperties | { values?: INodeProperties[] }>) {
			if ('values' in option && option.values) walk(option.values, visit);
			else if ('type' in option) walk([option as INodeProperties], visit);
		}
	}
}

describe('Lip Sync description', () => {
	it('offers the three operations, the one-step Lip-Sync by default', () => {
		const operation = description.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('lipSync'));
		assert.deepEqual(operation?.options?.map((o) => ('value' in o ? o.value : undefined)), ['createVideo', 'identifyFaces', 'lipSync']);
		assert.equal(operation?.default, 'lipSync');
	});

	it('shows what each operation needs by default', () => {
		assert.deepEqual(shown({ operation: 'identifyFaces' }), ['identifyFacesNotice', 'videoSource', 'binaryPropertyName', 'waitForCompletion', 'submitOptions']);
		assert.deepEqual(shown({ operation: 'createVideo' }), [
			'sessionId',
			'faceId',
			'audioSource',
			'audioId',
			'soundStartTime',
			'soundEndTime',
			'soundInsertTime',
			'faceWindow',
			'soundVolume',
			'originalAudioVolume',
			'waitForCompletion',
			'submitOptions',
		]);
		// Usable as it comes: a binary video in "data" plus a text.
		assert.deepEqual(shown({ operation: 'lipSync' }), [
			'lipSyncNotice',
			'videoSource',
			'binaryPropertyName',
			'audioSource',
			'text',
			'voiceId',
			'voiceLanguage',
			'voiceSpeed',
			'faceSelection',
			'waitForCompletion',
			'lipSyncOptions',
			'submitOptions',
		]);
	});

	it('switches the inputs with their sources', () => {
		assert.deepEqual(shown({ operation: 'identifyFaces', videoSource: 'url' }).slice(1, 3), ['videoSource', 'videoUrl']);
		assert.deepEqual(shown({ operation: 'identifyFaces', videoSource: 'videoId' }).slice(1, 3), ['videoSource', 'videoId']);
		assert.ok(shown({ operation: 'createVideo', audioSource: 'url' }).includes('audioUrl'));
		assert.ok(shown({ operation: 'createVideo', audioSource: 'binary' }).includes('audioBinaryPropertyName'));
		const binaryAudio = shown({ operation: 'lipSync', audioSource: 'binary' });
		assert.ok(binaryAudio.includes('audioBinaryPropertyName') && !binaryAudio.includes('text'));
		assert.ok(shown({ operation: 'lipSync', faceSelection: 'index' }).includes('faceIndex'));
		assert.ok(shown({ operation: 'lipSync', faceSelection: 'faceId' }).includes('faceId'));
	});

	it('never reuses a parameter name with another type, except in another node version (a saved node keeps its version)', () => {
		const types = new Map<string, Set<string>>();
		const byVersion = (p: (typeof description.properties)[number]) => p.displayOptions?.show?.['@version'] !== undefined;
		for (const p of description.properties) types.set(p.name, (types.get(p.name) ?? new Set()).add(p.type));
		const clashes = [...types]
			.filter(([, t]) => t.size > 1)
			.filter(([name]) => !description.properties.filter((p) => p.name === name).every(byVersion))
			.map(([name, t]) => `${name}: ${[...t].join('/')}`);
		assert.deepEqual(clashes, []);
	});

	it('follows the UI conventions', () => {
		walk(lipSyncProperties, (p) => {
			if (p.placeholder && !p.placeholder.startsWith('Add ')) assert.match(p.placeholder, /^e\.g\. /, p.name);
			if (p.type === 'boolean') assert.match(String(p.description), /^Whether /, p.name);
			if (p.type === 'options' && !['voiceLanguage', 'onTimeout'].includes(p.name)) {
				const names = (p.options ?? []).map((o) => String((o as { name: string }).name));
				assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)), `${p.name} options sorted`);
			}
			if (p.type !== 'notice') assert.match(p.displayName, /^[A-Z0-9]/, p.name);
		});
	});
});
