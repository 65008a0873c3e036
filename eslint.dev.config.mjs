// Lint for dev tooling (simulator, tests, e2e, bench, scripts): ordinary TypeScript rules.
// Shipped code (nodes/, credentials/, package.json) is linted by the default eslint.config.mjs,
// which holds n8n's community-node rules; it must stay the untouched template.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'nodes/**', 'credentials/**'] },
	{
		files: ['**/*.mts'],
		extends: [js.configs.recommended, ...tseslint.configs.recommended],
		languageOptions: { globals: { console: 'readonly', process: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', fetch: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', FormData: 'readonly', Blob: 'readonly' } },
		rules: {
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
		},
	},
);
