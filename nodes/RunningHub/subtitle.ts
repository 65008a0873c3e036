/**
 * The RunningHub node's canvas subtitle, in words: "Text to Speech", "Run: Kling V3 Image to
 * Video". n8n evaluates it as an expression on the node's parameters (in the editor, without
 * the node's code), so what it needs is written into the expression: the words per resource and
 * operation, and for models the name n8n keeps of the model picked from the list.
 */

/** Resource → operation → subtitle. A model's name follows "Run" and "Estimate Cost". */
export const SUBTITLES: Record<string, Record<string, string>> = {
	account: { get: 'Get Account' },
	aiApp: { getInputs: 'Get AI App Inputs', run: 'Run AI App' },
	audio: { textToSpeech: 'Text to Speech' },
	file: { upload: 'Upload File', uploadLora: 'Upload LoRA' },
	lipSync: { createVideo: 'Create Lip-Sync Video', identifyFaces: 'Identify Faces', lipSync: 'Lip-Sync' },
	model: { estimateCost: 'Estimate Cost', run: 'Run' },
	task: { cancel: 'Cancel Task', get: 'Get Task', getWebhookDelivery: 'Get Webhook Delivery', resendWebhook: 'Resend Webhook' },
	workflow: { getInputs: 'Get Workflow Inputs', run: 'Run Workflow' },
};

// $parameter["model"] (and $rawParameter["model"]) give a resource locator's value only, without
// the name n8n keeps; the whole of $rawParameter, copied, keeps it.
const MODEL = 'JSON.parse(JSON.stringify($rawParameter)).model';
/**
 * The model's name: picked from the list, n8n keeps the entry's name ("Kling · Video: Kling V3 ·
 * Image to Video", see modelListItems) and the part after the category is the model; typed as an
 * endpoint, the endpoint. Empty while no model is chosen.
 */
const MODEL_NAME =
	`(${MODEL} && ${MODEL}.cachedResultName ? String(${MODEL}.cachedResultName).split(": ").slice(1).join(": ").split(" · ").join(" ")` +
	` : String((${MODEL} && ${MODEL}.value !== undefined ? ${MODEL}.value : ${MODEL}) || ""))`;

// Spaced braces: "}}" inside would end n8n's {{ }} expression.
const WORDS = `(${JSON.stringify(SUBTITLES).replace(/\}/g, ' }')}[$parameter["resource"]] || { })[$parameter["operation"]]`;

export const SUBTITLE =
	`={{ ${WORDS} === undefined ? $parameter["operation"] + ": " + $parameter["resource"]` +
	` : $parameter["resource"] === "model" && ${MODEL_NAME} ? ${WORDS} + ": " + ${MODEL_NAME} : ${WORDS} }}`;
