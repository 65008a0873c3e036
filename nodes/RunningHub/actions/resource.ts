import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** A resource's Operation selector, shown once that resource is chosen: the same on every resource. */
export function operationProperty(resource: string, defaultOperation: string, options: INodePropertyOptions[]): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options,
		default: defaultOperation,
	};
}
