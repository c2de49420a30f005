import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERRORS, type ErrorCode, MarginError } from '../../../src/errors/index.js';
import {
  anthropicErrorType,
  toAnthropicErrorBody,
  toAnthropicErrorEvent,
} from '../../../src/protocols/anthropic-messages/errors.js';

const ANTHROPIC_TYPES = new Set([
  'invalid_request_error',
  'authentication_error',
  'billing_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'api_error',
  'timeout_error',
  'overloaded_error',
]);

describe('toAnthropicErrorBody', () => {
  it('maps each status to its Anthropic error type', () => {
    const expected: Array<[number, string]> = [
      [400, 'invalid_request_error'],
      [401, 'authentication_error'],
      [403, 'permission_error'],
      [404, 'not_found_error'],
      [413, 'request_too_large'],
      [429, 'rate_limit_error'],
      [500, 'api_error'],
      [502, 'api_error'],
      [529, 'overloaded_error'],
      [503, 'overloaded_error'],
      [418, 'invalid_request_error'],
    ];
    for (const [status, type] of expected) assert.equal(anthropicErrorType(status), type, `status ${status}`);
  });

  it('gives every registry code a documented Anthropic type', () => {
    for (const code of Object.keys(ERRORS) as ErrorCode[]) {
      const body = toAnthropicErrorBody(new MarginError(code, 'x'));
      assert.equal(body.type, 'error');
      assert.ok(ANTHROPIC_TYPES.has(body.error.type), `${code} → ${body.error.type}`);
    }
  });

  it('names the parameter and honours status overrides', () => {
    const bad = toAnthropicErrorBody(
      new MarginError('MARGIN_ERR_BAD_REQUEST', 'must be positive', { param: 'max_tokens' }),
    );
    assert.deepEqual(bad, {
      type: 'error',
      error: { type: 'invalid_request_error', message: 'max_tokens: must be positive' },
    });
    const overloaded = toAnthropicErrorBody(
      new MarginError('MARGIN_ERR_UPSTREAM_BAD_RESPONSE', 'Overloaded', { status: 529 }),
    );
    assert.equal(overloaded.error.type, 'overloaded_error');
    assert.equal(
      toAnthropicErrorBody(new MarginError('MARGIN_ERR_UNKNOWN_MODEL', 'no such model')).error.type,
      'not_found_error',
    );
  });

  it('formats a stream error event', () => {
    const ev = toAnthropicErrorEvent(new MarginError('MARGIN_ERR_RATE_LIMITED', 'slow down'));
    assert.equal(
      ev,
      'event: error\ndata: {"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}\n\n',
    );
  });
});
