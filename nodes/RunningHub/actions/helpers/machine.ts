import type { INodeProperties } from 'n8n-workflow';

// The machine options of a graph run (Workflow → Run and AI App → Run), sent as they are
// (core/run/graphRun.ts); each operation reads them from its own options collection.

export const INSTANCE_TYPE: INodeProperties = {
	displayName: 'Instance Type',
	name: 'instanceType',
	type: 'options',
	default: 'default',
	options: [
		{ name: 'Default (24 GB)', value: 'default', description: 'The standard 24 GB GPU machine' },
		{ name: 'Plus (48 GB)', value: 'plus', description: 'A 48 GB GPU machine for heavy workflows (billed higher)' },
	],
	description: 'The machine the task runs on',
};

export const USE_PERSONAL_QUEUE: INodeProperties = {
	displayName: 'Use Personal Queue',
	name: 'usePersonalQueue',
	type: 'boolean',
	default: false,
	description:
		'Whether to wait in your personal queue when no machine is free instead of being refused (exclusive keys; up to 1000 queued tasks)',
};
