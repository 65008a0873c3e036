// The import rules of ARCHITECTURE.md, checked by `npm test` (scripts/check-imports.mts).
// Layers, top to bottom: a node's folder (nodes/<Node>/) → its actions → nodes/core. An import
// may only go down; a resource of the RunningHub node uses its own files, the actions' helpers
// and core, never another resource's files.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
	forbidden: [
		{
			name: 'no-circular',
			severity: 'error',
			comment: 'A cycle makes two modules one concept in two places: move what both need into one of them (or a helper).',
			from: {},
			to: { circular: true },
		},
		{
			name: 'core-stays-below',
			severity: 'error',
			comment: 'nodes/core is the bottom layer: it never imports a node folder or its actions.',
			from: { path: '^nodes/core/' },
			to: { path: '^nodes/', pathNot: '^nodes/core/' },
		},
		{
			name: 'actions-below-their-node',
			severity: 'error',
			comment: 'Actions never import the node that routes to them (its node file, methods or subtitle): move the shared part into the actions or core.',
			from: { path: '^nodes/RunningHub/actions/' },
			to: { path: '^nodes/RunningHub/', pathNot: '^nodes/RunningHub/actions/' },
		},
		{
			name: 'resource-uses-own-files-helpers-and-core',
			severity: 'error',
			comment: 'A resource imports only its own files, actions/helpers, the actions root (resource.ts, types.ts) and core: move what two resources share into actions/helpers.',
			from: { path: '^nodes/RunningHub/actions/([^/]+)/' },
			to: { path: '^nodes/RunningHub/actions/[^/]+/', pathNot: '^nodes/RunningHub/actions/($1|helpers)/' },
		},
		{
			name: 'operations-only-registered',
			severity: 'error',
			comment: 'An operation file is an operation only: just its resource\'s <Name>.resource.ts (which registers it) imports it. Move what another file needs into a helper of the resource or actions/helpers.',
			from: { pathNot: '^nodes/RunningHub/actions/[^/]+/[A-Z][^/]*\\.resource\\.ts$' },
			to: { path: '\\.operation\\.ts$' },
		},
		{
			name: 'helpers-use-core-only',
			severity: 'error',
			comment: 'actions/helpers is shared by the resources, so it imports no resource and no actions root file.',
			from: { path: '^nodes/RunningHub/actions/helpers/' },
			to: { path: '^nodes/RunningHub/actions/', pathNot: '^nodes/RunningHub/actions/helpers/' },
		},
		{
			name: 'nodes-keep-to-themselves',
			severity: 'error',
			comment: 'One node never imports another node\'s folder: what two nodes share lives in nodes/core.',
			from: { path: '^nodes/([^/]+)/', pathNot: '^nodes/core/' },
			to: { path: '^nodes/[^/]+/', pathNot: '^nodes/($1|core)/' },
		},
		{
			name: 'credentials-use-core-only',
			severity: 'error',
			comment: 'A credential needs only core facts (such as the sites\' base URLs), never a node or its actions.',
			from: { path: '^credentials/' },
			to: { path: '^nodes/', pathNot: '^nodes/core/' },
		},
		{
			name: 'nodes-never-import-credentials',
			severity: 'error',
			comment: 'n8n loads credentials by name; a node reads them through the execute context.',
			from: { path: '^nodes/' },
			to: { path: '^credentials/' },
		},
		{
			name: 'shipped-code-stays-shipped',
			severity: 'error',
			comment: 'nodes/ and credentials/ ship in the package; tests, scripts, the simulator, e2e and benchmarks do not.',
			from: { path: '^(nodes|credentials)/' },
			to: { path: '^(test|scripts|simulator|e2e|bench|tools|docs)/' },
		},
		{
			name: 'shipped-imports-resolve',
			severity: 'error',
			comment: 'An import that resolves to nothing would fail when n8n loads the package.',
			from: { path: '^(nodes|credentials)/' },
			to: { couldNotResolve: true },
		},
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		// Type-only imports count: a layer that needs another's types depends on it all the same.
		tsPreCompilationDeps: true,
		tsConfig: { fileName: 'tsconfig.json' },
		exclude: { path: '(^|/)dist/' },
	},
};
