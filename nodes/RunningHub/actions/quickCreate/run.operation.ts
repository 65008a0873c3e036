import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { RunningHubClient } from '../../../core/api/client';
import { inputError } from '../../../core/api/errors';
import type { QuickNodeInfo, QuickStyle } from '../../../core/api/quickCreate';
import { listQuickStyles, submitQuickCreate } from '../../../core/api/quickCreate';
import { BinaryUploads } from '../../../core/run/binaryRef';
import { SUBMIT_OPTIONS, WAIT_FOR_COMPLETION } from '../../../core/run/submitOptions';
import { runTaskOperation } from '../../../core/run/taskOperation';
import { readPageId } from '../../../core/pageId';
import { outputConveniences } from '../../../core/run/outputKinds';
import type { Override } from '../helpers/overrides';
import { resolveOverrides, withBinary } from '../helpers/overrides';
import type { EntryProblem, QuickEntry } from './inputs';
import { codeProblem, findStyle, readEntries, styleChoices, styledValue } from './inputs';
import { QUICK_APP_ID_BY_VERSION, QUICK_CREATE_CODE, QUICK_INPUTS, STYLE } from './quickCreate.description';

export const description = updateDisplayOptions({ show: { resource: ['quickCreate'], operation: ['run'] } }, [
	...QUICK_APP_ID_BY_VERSION,
	QUICK_CREATE_CODE,
	STYLE,
	QUICK_INPUTS,
	WAIT_FOR_COMPLETION,
	SUBMIT_OPTIONS,
]);

interface QuickRun {
	webappId: string;
	quickCreateCode: string;
	style?: QuickStyle;
	entries: QuickEntry[];
	/** One per entry, same order: the value to send (`binary:` ones uploaded at submit). */
	overrides: Override[];
}

const isProblem = (x: unknown): x is EntryProblem => typeof x === 'object' && x !== null && 'problem' in x;

/**
 * Runs a Quick Create module: the chosen style is looked up in the app's style list (free, once
 * per app) before the paid submit, so an unknown style or a style part that is missing fails the
 * item with nothing sent; binary values are uploaded and their file name sent.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const reader = new RunningHubClient(this);
	const styleLists = new Map<string, Promise<QuickStyle[]>>();
	let uploads: BinaryUploads | undefined;
	const fail = (problem: EntryProblem, itemIndex: number) => inputError(this.getNode(), { ...problem, itemIndex });
	return await runTaskOperation<QuickRun>(this, {
		prepare: async (i) => {
			const webappId = readPageId(this, 'webappId', 'AI App ID', 'aiApp', i);
			const quickCreateCode = String(this.getNodeParameter('quickCreateCode', i, '') ?? '').trim();
			const bad = codeProblem(quickCreateCode);
			if (bad) throw fail(bad, i);
			const entries = readEntries(this.getNodeParameter('quickInputs.input', i, []) as Array<Record<string, unknown>>);
			if (isProblem(entries)) throw fail(entries, i);
			const picked = this.getNodeParameter('style', i, '', { extractValue: true }) as unknown;
			// A locator's value, or a plain value from an expression.
			const wanted = String((picked && typeof picked === 'object' ? (picked as { value?: unknown }).value : picked) ?? '').trim();
			let style: QuickStyle | undefined;
			if (wanted) {
				let list = styleLists.get(webappId);
				if (!list) {
					list = listQuickStyles(reader, webappId, i);
					styleLists.set(webappId, list);
				}
				const styles = await list;
				style = findStyle(styles, wanted);
				if (!style) {
					throw fail(
						{
							parameter: 'Style',
							problem: `"${wanted.slice(0, 60)}" is not a style of AI app ${webappId}`,
							fix: styles.length ? styleChoices(styles) : 'This app lists no styles: leave Style empty.',
						},
						i,
					);
				}
				if (!entries.some((e) => e.fromStyle !== 'none')) {
					throw fail(
						{
							parameter: 'Inputs',
							problem: `no input takes style "${style.name}", so it would not be sent`,
							fix: 'Set Take From Style on the module\'s style input (usually Style Key), or leave Style empty.',
						},
						i,
					);
				}
			}
			const overrides: Override[] = [];
			for (const entry of entries) {
				const value = styledValue(entry, style);
				if (isProblem(value)) throw fail(value, i);
				overrides.push(await withBinary(this, i, { nodeId: entry.nodeId, fieldName: entry.fieldName, value, label: entry.label }));
			}
			return { webappId, quickCreateCode, style, entries, overrides };
		},
		submit: async (client, run, i, options) => {
			uploads ??= new BinaryUploads(this, client);
			const resolved = await resolveOverrides(uploads, run.overrides, i, 'fileName');
			const nodeInfoList: QuickNodeInfo[] = run.entries.map((entry, n) => ({
				nodeId: entry.nodeId,
				nodeName: entry.nodeName,
				fieldName: entry.fieldName,
				fieldType: entry.fieldType,
				fieldValue: String(resolved[n]?.fieldValue ?? ''),
				description: entry.description,
			}));
			return await submitQuickCreate(
				client,
				{ webappId: run.webappId, quickCreateCode: run.quickCreateCode, nodeInfoList, webhookUrl: options.webhookUrl },
				i,
			);
		},
		format: (task, run) => ({
			webappId: run.webappId,
			quickCreateCode: run.quickCreateCode,
			style: run.style ? { id: run.style.id, name: run.style.name, key: run.style.key } : null,
			...outputConveniences(task, 'image'),
		}),
	});
}
