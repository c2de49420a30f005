// Gemini wire format pieces shared by the Gemini upstream adapter: usage and finish reasons.
export { fromGeminiFinishReason, toGeminiFinishReason } from './finish-reason.js';
export { toGeminiUsage, usageFromGemini } from './usage.js';
