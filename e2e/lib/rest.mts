// A small client for the parts of n8n's REST API the harness, the demo and the screenshot script
// use: the editor's internal API (/rest, cookie + browser-id, as the editor itself calls it) and
// the public API (/api/v1, X-N8N-API-KEY) for reading executions as plain JSON.
//
// Checked against the controllers of n8n 2.8.4 and 2.40.7 (both in the runtime cache):
//   POST /rest/owner/setup {email, firstName, lastName, password}
//   POST /rest/login {emailOrLdapLoginId, password}
//   POST /rest/credentials {name, type, data}            POST /rest/credentials/test {credentials}
//   POST /rest/workflows {name, nodes, connections, settings}
//   POST /rest/workflows/:id/run {workflowData, triggerToStartFrom: {name}}
//        2.8.4 runs the workflowData of the body (it must carry the id); 2.40.7 loads the stored
//        workflow and validates the body with ManualRunDto, which drops workflowData. The same
//        body therefore starts a full manual run from the named trigger on both.
//   POST /rest/node-types {nodeInfos: [{name, version}]}  the descriptions n8n loaded
//   POST /rest/api-keys {label, expiresAt, scopes}        GET /rest/api-keys/scopes (public API key)
//   GET  /api/v1/executions/:id?includeData=true

export interface Owner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export interface CredentialRef {
	id: string;
	name: string;
	type: string;
}

export interface ExecutionRecord {
	id: string;
	finished: boolean;
	mode: string;
	status: 'new' | 'running' | 'success' | 'error' | 'waiting' | 'canceled' | 'crashed' | 'unknown';
	startedAt: string;
	stoppedAt: string | null;
	workflowId: string;
	waitTill: string | null;
	data?: {
		resultData: {
			runData: Record<string, NodeRun[]>;
			lastNodeExecuted?: string;
			error?: { message: string; description?: string; [k: string]: unknown };
		};
		[k: string]: unknown;
	};
	[k: string]: unknown;
}

export interface NodeRun {
	executionStatus?: string;
	error?: { message: string; description?: string; [k: string]: unknown };
	data?: { main?: Array<Array<OutputItem> | null> };
	[k: string]: unknown;
}

export interface OutputItem {
	json: Record<string, any>;
	binary?: Record<string, BinaryRef>;
	error?: unknown;
	pairedItem?: unknown;
}

export interface BinaryRef {
	mimeType: string;
	fileName?: string;
	fileExtension?: string;
	fileSize?: string;
	/** base64 in memory mode, the mode name (e.g. "filesystem-v2") otherwise. */
	data: string;
	/** "<mode>:<file id>" outside memory mode. */
	id?: string;
	[k: string]: unknown;
}

export class HttpError extends Error {
	constructor(
		readonly method: string,
		readonly path: string,
		readonly status: number,
		readonly body: string,
	) {
		super(`${method} ${path} -> HTTP ${status}: ${body.slice(0, 600)}`);
	}
}

export class N8nRest {
	private cookies = new Map<string, string>();
	private apiKey: string | null = null;
	readonly browserId = `runninghub-e2e-${Math.random().toString(36).slice(2)}`;

	constructor(readonly baseUrl: string) {}

	/** Cookie header value, for the screenshot script's browser context. */
	cookieList(): Array<{ name: string; value: string }> {
		return [...this.cookies].map(([name, value]) => ({ name, value }));
	}

	async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
		const res = await fetch(this.baseUrl + path, {
			method,
			headers: {
				accept: 'application/json',
				'browser-id': this.browserId,
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
				...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
				...headers,
			},
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(60_000),
		});
		for (const line of res.headers.getSetCookie()) {
			const [pair] = line.split(';');
			const eq = pair.indexOf('=');
			if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
		}
		const text = await res.text();
		if (!res.ok) throw new HttpError(method, path, res.status, text);
		if (!text) return undefined as T;
		const parsed = JSON.parse(text);
		// The internal API wraps answers in {data}; the public API does not.
		return (path.startsWith('/rest/') && parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed) as T;
	}

	async setupOwner(owner: Owner): Promise<void> {
		await this.request('POST', '/rest/owner/setup', owner);
	}

	async login(owner: Pick<Owner, 'email' | 'password'>): Promise<void> {
		await this.request('POST', '/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
	}

	/** An API key for the public API with every scope the instance offers. */
	async createApiKey(label = 'e2e'): Promise<string> {
		const scopes = await this.request<string[]>('GET', '/rest/api-keys/scopes');
		const created = await this.request<{ rawApiKey?: string; apiKey?: string }>('POST', '/rest/api-keys', {
			label,
			expiresAt: null,
			scopes,
		});
		const key = created.rawApiKey ?? created.apiKey;
		if (!key) throw new Error(`n8n returned no API key: ${JSON.stringify(created)}`);
		this.apiKey = key;
		return key;
	}

	async publicApi<T = any>(method: string, path: string, body?: unknown): Promise<T> {
		if (!this.apiKey) throw new Error('no public API key: call createApiKey() first');
		return await this.request<T>(method, `/api/v1${path}`, body, { 'x-n8n-api-key': this.apiKey });
	}

	async createCredential(name: string, type: string, data: Record<string, unknown>): Promise<CredentialRef> {
		const created = await this.request<{ id: string; name: string; type: string }>('POST', '/rest/credentials', {
			name,
			type,
			data,
		});
		return { id: String(created.id), name: created.name, type: created.type };
	}

	/** n8n's credential test, exactly what the editor's "Test" / save button calls. */
	async testCredential(
		credential: CredentialRef,
		data: Record<string, unknown>,
	): Promise<{ status: 'OK' | 'Error'; message: string }> {
		return await this.request('POST', '/rest/credentials/test', {
			credentials: { id: credential.id, name: credential.name, type: credential.type, data },
		});
	}

	async createWorkflow(workflow: WorkflowJson): Promise<{ id: string; versionId?: string; name: string }> {
		const { name, nodes, connections, settings, pinData } = workflow;
		const created = await this.request<{ id: string; versionId?: string; name: string }>('POST', '/rest/workflows', {
			name,
			nodes,
			connections,
			settings: settings ?? { executionOrder: 'v1' },
			...(pinData ? { pinData } : {}),
			active: false,
		});
		return { id: String(created.id), versionId: created.versionId, name: created.name };
	}

	async getWorkflow(id: string): Promise<WorkflowJson & { id: string }> {
		return await this.request('GET', `/rest/workflows/${id}`);
	}

	async listWorkflows(): Promise<Array<{ id: string; name: string }>> {
		return await this.request('GET', '/rest/workflows');
	}

	/** Starts a manual run from the named trigger node, as the editor's "Execute workflow" does. */
	async runManually(workflowId: string, triggerName: string): Promise<string> {
		const workflowData = await this.getWorkflow(workflowId);
		const result = await this.request<{ executionId?: string; waitingForWebhook?: boolean }>(
			'POST',
			`/rest/workflows/${workflowId}/run`,
			{ workflowData, triggerToStartFrom: { name: triggerName } },
		);
		if (!result?.executionId) throw new Error(`n8n did not start a run: ${JSON.stringify(result)}`);
		return String(result.executionId);
	}

	async getExecution(id: string): Promise<ExecutionRecord> {
		return await this.publicApi<ExecutionRecord>('GET', `/executions/${id}?includeData=true`);
	}

	/** Polls the stored execution until it is no longer running (or is waiting, if allowed). */
	async waitForExecution(
		id: string,
		{ timeoutMs = 60_000, acceptWaiting = false }: { timeoutMs?: number; acceptWaiting?: boolean } = {},
	): Promise<ExecutionRecord> {
		const deadline = Date.now() + timeoutMs;
		let last: ExecutionRecord | null = null;
		for (;;) {
			try {
				last = await this.getExecution(id);
				const done = ['success', 'error', 'canceled', 'crashed'].includes(last.status);
				if (done || (acceptWaiting && last.status === 'waiting')) return last;
			} catch (error) {
				// A run not yet written to the database answers 404 for a moment.
				if (!(error instanceof HttpError && error.status === 404)) throw error;
			}
			if (Date.now() > deadline) {
				throw new Error(`execution ${id} did not finish within ${timeoutMs / 1000} s (status ${last?.status ?? 'not stored'})`);
			}
			await new Promise((r) => setTimeout(r, 250));
		}
	}

	/** The node descriptions n8n loaded for these types (what the editor shows). */
	async nodeTypes(names: Array<{ name: string; version: number }>): Promise<any[]> {
		return await this.request('POST', '/rest/node-types', { nodeInfos: names });
	}

	async activateWorkflow(id: string, versionId?: string): Promise<void> {
		await this.request('POST', `/rest/workflows/${id}/activate`, versionId ? { versionId } : {});
	}
}

export interface WorkflowJson {
	name: string;
	nodes: Array<{
		id?: string;
		name: string;
		type: string;
		typeVersion: number;
		position: [number, number];
		parameters: Record<string, unknown>;
		credentials?: Record<string, { id: string; name: string }>;
		[k: string]: unknown;
	}>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	pinData?: Record<string, unknown>;
	[k: string]: unknown;
}
