// Anthropic Messages wire format (client side of `POST /v1/messages`): request parsing, response and
// stream encoding, error bodies and usage extraction for native pass-through.
export { anthropicErrorType, toAnthropicErrorBody, toAnthropicErrorEvent } from './errors.js';
export {
  assertTranslatable,
  parseMessagesRequest,
  peekMessagesRequest,
  untranslatableParams,
} from './request.js';
export { toMessagesResponse } from './response.js';
export { fromAnthropicStopReason, toAnthropicStopReason } from './stop-reason.js';
export { MessagesStreamEncoder } from './stream.js';
export { AnthropicStreamUsage, toAnthropicUsage, usageFromMessage } from './usage.js';
