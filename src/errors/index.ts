export { isMarginError, MarginError, type MarginErrorOptions, toMarginError } from './margin-error.js';
export { ERRORS, type ErrorCode, type ErrorSpec } from './registry.js';
