/**
 * What the nodes say about themselves in n8n's nodes panel.
 *
 * n8n's nodes panel merges a node and the trigger named like it (runningHub + runningHubTrigger)
 * into one entry, and that entry's details card shows the TRIGGER's description (n8n's
 * generateMergedNodesAndActions sets app.description = trigger.description). So the trigger's
 * description must describe the RunningHub node too, or the card of the RunningHub node reads
 * "Starts the workflow when ...". It leads with the RunningHub node's own description.
 */
export const RUNNING_HUB_DESCRIPTION =
	'Lip-sync, text to speech, uploads and every RunningHub model, ComfyUI workflow and AI app';

export const RUNNING_HUB_TRIGGER_DESCRIPTION = `${RUNNING_HUB_DESCRIPTION}; the trigger starts a workflow when a RunningHub task succeeds or fails`;
