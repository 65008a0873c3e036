/**
 * A custom Base URL may carry a proxy's user and password (https://user:pass@proxy/) or a token in
 * its query: the site's name goes into error messages, hints and tool results, so it never
 * carries them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

import { siteLabel } from '../../nodes/core/api/site.ts';

const secret = fc.stringMatching(/^[A-Za-z0-9]{8,24}$/).map((s) => `S3cr${s}`);

describe('siteLabel of a custom Base URL', () => {
	it('never names the user info or the query of the URL, and still names the host', () => {
		fc.assert(
			fc.property(
				fc.constantFrom('http', 'https'),
				fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/),
				secret,
				fc.constantFrom('proxy.example', '127.0.0.1:8787', 'rh.internal'),
				fc.constantFrom('', '/', '/rh', '/rh/'),
				fc.boolean(),
				(scheme, user, password, host, path, withQuery) => {
					const baseUrl = `${scheme}://${user}:${password}@${host}${path}${withQuery ? `?token=${password}` : ''}`;
					const label = siteLabel({ apiKey: 'k', site: 'custom', baseUrl });
					assert.ok(!label.includes(password), label);
					assert.ok(label.includes(host), label);
				},
			),
		);
	});

	it('leaves a plain custom URL as it was entered (minus trailing slashes)', () => {
		assert.equal(siteLabel({ apiKey: 'k', site: 'custom', baseUrl: 'http://127.0.0.1:8787/' }), 'http://127.0.0.1:8787');
		assert.equal(siteLabel({ apiKey: 'k', site: 'custom', baseUrl: 'https://proxy.example/rh' }), 'https://proxy.example/rh');
		assert.equal(siteLabel({ apiKey: 'k', site: 'custom', baseUrl: '' }), 'the custom base URL');
	});

	it('hides user info even in a URL that does not parse', () => {
		const label = siteLabel({ apiKey: 'k', site: 'custom', baseUrl: 'http://me:S3crXYZ@bad host/' });
		assert.ok(!label.includes('S3crXYZ'), label);
	});
});
