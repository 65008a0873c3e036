import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { INode } from 'n8n-workflow';

import { MAX_DELIVERY_BYTES, parseDelivery, reportedTask } from '../../nodes/core/webhooks/payload';

const node = { id: 'n', name: 'RunningHub Trigger', type: 'n8n-nodes-runninghub.runningHubTrigger', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
const ID = '1965432109876543210';

const taskEnd = (eventData: unknown, taskId: unknown = ID) =>
	JSON.stringify({ event: 'TASK_END', taskId, eventData: typeof eventData === 'string' ? eventData : JSON.stringify(eventData) });

const ok = (raw: string | Buffer, body?: unknown) => {
	const parsed = parseDelivery({ rawBody: typeof raw === 'string' ? Buffer.from(raw) : raw, body });
	assert.ok(parsed.ok, `expected a delivery, got ${JSON.stringify(parsed)}`);
	return parsed.delivery;
};
const bad = (input: Parameters<typeof parseDelivery>[0], limit?: number) => {
	const parsed = parseDelivery(input, limit);
	assert.equal(parsed.ok, false, `expected a refusal, got ${JSON.stringify(parsed)}`);
	if (parsed.ok) throw new Error('unreachable');
	assert.equal(parsed.status, 400);
	return parsed.reason;
};

describe('parseDelivery: TASK_END (eventData is a JSON string)', () => {
	it('reads a succeeded task and its v1 outputs (parsed twice)', () => {
		const d = ok(taskEnd({ code: 0, msg: 'success', data: [{ fileUrl: 'https://cdn/x/a.png', fileType: 'png', taskCostTime: '12', nodeId: '9', consumeMoney: '0.050' }] }));
		assert.equal(d.taskId, ID);
		assert.equal(d.event, 'TASK_END');
		assert.equal(d.shape, 'taskEnd');
		const task = reportedTask(node, d);
		assert.equal(task.state, 'succeeded');
		assert.deepEqual(task.outputs, [{ url: 'https://cdn/x/a.png', type: 'png', text: null, nodeId: '9' }]);
		assert.equal(task.usage?.taskCostTime, '12');
		assert.equal(task.usage?.consumeMoney, '0.050');
	});

	it('reads a failed task (805) with its failure reason', () => {
		const d = ok(taskEnd({ code: 805, msg: 'APIKEY_TASK_STATUS_ERROR', data: { failedReason: { node_name: 'KSampler', exception_message: 'CUDA out of memory', node_id: '3' } } }));
		const task = reportedTask(node, d);
		assert.equal(task.state, 'failed');
		assert.equal(task.status, 'FAILED');
		assert.equal(task.errorMessage, 'CUDA out of memory');
		assert.equal(task.failedReason?.node_name, 'KSampler');
	});

	it('reads running (804) and queued (813) as pending', () => {
		assert.equal(reportedTask(node, ok(taskEnd({ code: 804, msg: 'APIKEY_TASK_IS_RUNNING', data: null }))).state, 'pending');
		assert.equal(reportedTask(node, ok(taskEnd({ code: 813, msg: 'APIKEY_TASK_IS_QUEUED', data: null }))).state, 'pending');
	});

	it('reads an unknown v1 code as a failure carrying the code', () => {
		const task = reportedTask(node, ok(taskEnd({ code: 807, msg: 'APIKEY_TASK_NOT_FOUND', data: null })));
		assert.equal(task.state, 'failed');
		assert.equal(task.errorCode, '807');
	});

	it('accepts eventData already parsed to an object', () => {
		const d = ok(JSON.stringify({ event: 'TASK_END', taskId: ID, eventData: { code: 0, msg: '', data: [{ fileUrl: 'https://cdn/b.mp4', fileType: 'mp4' }] } }));
		assert.equal(reportedTask(node, d).outputs[0].url, 'https://cdn/b.mp4');
	});

	it('accepts a v2 task object inside eventData', () => {
		const d = ok(taskEnd({ taskId: ID, status: 'SUCCESS', errorCode: '', errorMessage: '', results: [{ url: 'https://cdn/c.mp3', outputType: 'mp3', text: null }] }));
		assert.equal(d.shape, 'v2');
		assert.equal(reportedTask(node, d).outputs[0].type, 'mp3');
	});

	it('keeps a 19-digit taskId sent as a bare JSON number exact', () => {
		const raw = `{"event":"TASK_END","taskId":${ID},"eventData":"{\\"code\\":0,\\"msg\\":\\"\\",\\"data\\":[{\\"fileUrl\\":\\"https://cdn/a.png\\",\\"fileType\\":\\"png\\"}]}"}`;
		assert.equal(ok(raw).taskId, ID);
		// What n8n's own JSON.parse makes of it: a rounded number. The raw bytes win.
		assert.notEqual(String(JSON.parse(raw).taskId), ID);
		assert.equal(ok(raw, JSON.parse(raw)).taskId, ID);
	});

	it('falls back to the parsed body when there are no raw bytes', () => {
		const body = { event: 'TASK_END', taskId: ID, eventData: JSON.stringify({ code: 0, data: [{ fileUrl: 'https://cdn/a.png', fileType: 'png' }] }) };
		const parsed = parseDelivery({ body });
		assert.ok(parsed.ok);
	});

	it('reads a text/plain body (n8n leaves it as a string)', () => {
		const parsed = parseDelivery({ body: taskEnd({ code: 0, data: [{ fileUrl: 'https://cdn/a.png', fileType: 'png' }] }) });
		assert.ok(parsed.ok);
	});
});

describe('parseDelivery: v2-style bodies', () => {
	it('reads a flat v2 task object', () => {
		const d = ok(JSON.stringify({ taskId: ID, status: 'FAILED', errorCode: '1015', errorMessage: 'Generation failed', results: null }));
		assert.equal(d.shape, 'v2');
		assert.equal(d.event, 'FAILED');
		const task = reportedTask(node, d);
		assert.equal(task.state, 'failed');
		assert.equal(task.errorCode, '1015');
	});

	it('names an unknown v2 status in an error', () => {
		const d = ok(JSON.stringify({ taskId: ID, status: 'PAUSED' }));
		assert.throws(() => reportedTask(node, d), /unknown task status "PAUSED"/);
	});
});

describe('parseDelivery: refusals (400)', () => {
	it('refuses non-JSON, empty, arrays and scalars', () => {
		assert.match(bad({ rawBody: Buffer.from('taskId=1&event=TASK_END') }), /not JSON/);
		assert.match(bad({ rawBody: Buffer.from('') }), /empty/);
		assert.match(bad({ rawBody: null as never, body: {} }), /empty/);
		assert.match(bad({ rawBody: Buffer.from('[1,2]') }), /not a JSON object/);
		assert.match(bad({ rawBody: Buffer.from('"TASK_END"') }), /not a JSON object/);
	});

	it('refuses a body without a usable taskId', () => {
		assert.match(bad({ rawBody: Buffer.from(JSON.stringify({ event: 'TASK_END', eventData: '{}' })) }), /no taskId/);
		assert.match(bad({ rawBody: Buffer.from(taskEnd({ code: 0, data: [] }, '12a4')) }), /not a RunningHub task ID/);
		assert.match(bad({ rawBody: Buffer.from(taskEnd({ code: 0, data: [] }, '../../etc')) }), /not a RunningHub task ID/);
		assert.match(bad({ rawBody: Buffer.from(taskEnd({ code: 0, data: [] }, { id: 1 })) }), /not a RunningHub task ID/);
	});

	it('refuses eventData that is not JSON or has no recognisable shape', () => {
		assert.match(bad({ rawBody: Buffer.from(JSON.stringify({ event: 'TASK_END', taskId: ID, eventData: 'not json' })) }), /eventData is not a JSON string/);
		assert.match(bad({ rawBody: Buffer.from(taskEnd({ hello: 'world' })) }), /neither a code/);
		assert.match(bad({ rawBody: Buffer.from(JSON.stringify({ event: 'TASK_END', taskId: ID })) }), /eventData is missing/);
	});

	it('refuses a body that is neither shape', () => {
		assert.match(bad({ rawBody: Buffer.from(JSON.stringify({ taskId: ID, hello: 1 })) }), /neither a TASK_END event nor a RunningHub task object/);
	});

	it('refuses oversized bodies before parsing them', () => {
		const huge = Buffer.alloc(MAX_DELIVERY_BYTES + 1, 0x20);
		assert.match(bad({ rawBody: huge }), /more than the 1048576 bytes/);
		assert.match(bad({ rawBody: Buffer.from(taskEnd({ code: 0, data: [] })) }, 20), /more than the 20 bytes/);
		assert.match(bad({ body: { taskId: ID, status: 'SUCCESS', pad: 'x'.repeat(100) } }, 50), /more than the 50 bytes/);
	});

	it('accepts a body just under the limit', () => {
		const body = taskEnd({ code: 0, data: [{ fileUrl: 'https://cdn/a.png', fileType: 'png' }] });
		assert.ok(parseDelivery({ rawBody: Buffer.from(body) }, Buffer.byteLength(body)).ok);
	});
});
