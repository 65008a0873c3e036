import type { IDisplayOptions, INode, INodeProperties } from 'n8n-workflow';

/**
 * Node versions, shared by the three nodes. A saved workflow keeps the version it was made on,
 * so a changed default or output shape only ever comes with a new version (CHANGELOG.md says
 * what each version changed):
 *   1  the first release
 *   2  issue 15: defaults and outputs a new user can rely on
 */
export const NODE_VERSIONS = [1, 2];
export const LATEST_NODE_VERSION = 2;

/** The version of the node being run (a saved node's own, not the newest). */
export function nodeVersion(context: { getNode(): INode }): number {
	return context.getNode().typeVersion;
}

/** displayOptions.show for nodes from `version` on. */
export function fromVersion(version: number): IDisplayOptions['show'] {
	return { '@version': [{ _cnd: { gte: version } }] };
}

/** displayOptions.show for nodes before `version`. */
export function beforeVersion(version: number): IDisplayOptions['show'] {
	return { '@version': [{ _cnd: { lt: version } }] };
}

/**
 * One parameter that changed in `version`: two copies of it, the old one shown on older nodes and
 * the changed one from `version` on. Name, type and other display conditions stay the same, so the
 * code reading it does not care which copy the user saw.
 */
export function changedIn(version: number, property: INodeProperties, changes: Partial<INodeProperties>): INodeProperties[] {
	const show = property.displayOptions?.show ?? {};
	const withShow = (extra: IDisplayOptions['show']): IDisplayOptions => ({
		...property.displayOptions,
		show: { ...show, ...extra },
	});
	return [
		{ ...property, displayOptions: withShow(beforeVersion(version)) },
		{ ...property, ...changes, displayOptions: withShow(fromVersion(version)) },
	];
}

/** A parameter whose default (and maybe more) changed in `version`: see changedIn. */
export function defaultChangedIn(
	version: number,
	property: INodeProperties,
	newDefault: INodeProperties['default'],
	changes: Partial<INodeProperties> = {},
): INodeProperties[] {
	return changedIn(version, property, { ...changes, default: newDefault });
}
