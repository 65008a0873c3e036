// What the package offers, read from the node descriptions n8n itself loaded from the installed
// tarball (POST /rest/node-types), not from hard-coded lists. Scenarios use it to skip, as
// "pending", what is not built yet, and to check that their workflows only use parameters the
// node really has.
import { HttpError, type N8nRest, type WorkflowJson } from './rest.mjs';
import { NODE_PREFIX } from './workflows.mjs';

/** Node names (without the package prefix) the package is expected to grow; unknown ones are ignored. */
export const KNOWN_NODES = ['runningHub', 'runningHubWaitForTask', 'runningHubTrigger'] as const;

export interface Requirement {
	/** Node name without the package prefix; default `runningHub`. */
	node?: string;
	resource?: string;
	operation?: string;
	/** A parameter the operation must have (e.g. a new option the scenario relies on). */
	parameter?: string;
}

type Property = {
	name: string;
	type: string;
	displayOptions?: { show?: Record<string, unknown[]>; hide?: Record<string, unknown[]> };
	options?: Array<{ name?: string; value?: unknown; displayName?: string }>;
	[k: string]: unknown;
};

export interface NodeDescription {
	name: string;
	displayName: string;
	version: number | number[];
	properties: Property[];
	credentials?: Array<{ name: string }>;
	[k: string]: unknown;
}

export class Catalog {
	private constructor(readonly nodes: Map<string, NodeDescription>) {}

	static async load(rest: N8nRest): Promise<Catalog> {
		const nodes = new Map<string, NodeDescription>();
		for (const short of KNOWN_NODES) {
			for (const version of [1, 2, 3]) {
				let found: NodeDescription[] = [];
				try {
					found = (await rest.nodeTypes([{ name: NODE_PREFIX + short, version }])) as NodeDescription[];
				} catch (error) {
					// n8n answers 500 "Unrecognized node type" for a type (or version) it did not load.
					if (!(error instanceof HttpError && /Unrecognized node type|not found|version/i.test(error.body))) throw error;
					if (/Unrecognized node type/.test((error as HttpError).body)) break;
				}
				const desc = found.find((d) => d && Array.isArray(d.properties));
				if (desc) {
					nodes.set(short, desc);
					break;
				}
			}
		}
		return new Catalog(nodes);
	}

	has(node: string): boolean {
		return this.nodes.has(node);
	}

	latestVersion(node: string): number {
		const v = this.nodes.get(node)?.version ?? 1;
		return Array.isArray(v) ? Math.max(...v) : v;
	}

	/** Resource values of a node. */
	resources(node = 'runningHub'): string[] {
		const prop = this.nodes.get(node)?.properties.find((p) => p.name === 'resource');
		return (prop?.options ?? []).map((o) => String(o.value));
	}

	/** Operation values shown for a resource. */
	operations(resource: string, node = 'runningHub'): string[] {
		const props = this.nodes.get(node)?.properties ?? [];
		return props
			.filter((p) => p.name === 'operation' && shows(p, { resource }))
			.flatMap((p) => (p.options ?? []).map((o) => String(o.value)));
	}

	/** Parameters shown for a resource + operation (top level, by name). */
	parameters(resource: string | undefined, operation: string | undefined, node = 'runningHub'): string[] {
		const props = this.nodes.get(node)?.properties ?? [];
		const ctx: Record<string, string> = {};
		if (resource) ctx.resource = resource;
		if (operation) ctx.operation = operation;
		return [...new Set(props.filter((p) => shows(p, ctx)).map((p) => p.name))];
	}

	/** Why a requirement is not met, or null when it is. */
	missing(req: Requirement): string | null {
		const node = req.node ?? 'runningHub';
		if (!this.has(node)) return `node ${NODE_PREFIX}${node} not built yet`;
		if (req.resource && !this.resources(node).includes(req.resource)) return `resource "${req.resource}" not built yet`;
		if (req.resource && req.operation && !this.operations(req.resource, node).includes(req.operation)) {
			return `operation ${req.resource} → ${req.operation} not built yet`;
		}
		if (req.parameter && !this.parameters(req.resource, req.operation, node).includes(req.parameter)) {
			return `parameter "${req.parameter}" of ${req.resource ?? node} → ${req.operation ?? ''} not built yet`;
		}
		return null;
	}

	/**
	 * Checks that every parameter a workflow sets on the package's nodes exists in the loaded
	 * description for that node's resource and operation. The error lists the real names, so a
	 * scenario written before its operation existed is quick to correct.
	 */
	checkWorkflow(workflow: WorkflowJson): void {
		const problems: string[] = [];
		for (const n of workflow.nodes) {
			if (!n.type.startsWith(NODE_PREFIX)) continue;
			const short = n.type.slice(NODE_PREFIX.length);
			if (!this.has(short)) {
				problems.push(`node "${n.name}": type ${n.type} is not loaded`);
				continue;
			}
			const resource = n.parameters.resource as string | undefined;
			const operation = n.parameters.operation as string | undefined;
			const known = this.parameters(resource, operation, short);
			const unknown = Object.keys(n.parameters).filter((k) => !known.includes(k));
			if (unknown.length) {
				problems.push(
					`node "${n.name}" (${short}${resource ? ` ${resource} → ${operation}` : ''}) sets unknown parameter(s) ${unknown.join(', ')}; the node has: ${known.join(', ')}`,
				);
			}
		}
		if (problems.length) throw new Error(`workflow "${workflow.name}" does not match the node description:\n  ${problems.join('\n  ')}`);
	}
}

/** Whether a property is shown for these parameter values (only resource/operation are known here). */
function shows(p: Property, ctx: Record<string, string>): boolean {
	const show = p.displayOptions?.show ?? {};
	for (const [key, values] of Object.entries(show)) {
		if (!(key in ctx)) continue; // depends on something else (an option, a mode): count it as shown
		if (!values.map(String).includes(ctx[key])) return false;
	}
	const hide = p.displayOptions?.hide ?? {};
	for (const [key, values] of Object.entries(hide)) {
		if (key in ctx && values.map(String).includes(ctx[key])) return false;
	}
	return true;
}
