// Anthropic request → canonical → Anthropic upstream request keeps its meaning: every field Margin
// translates comes back equal (modulo representation: a one-block system prompt may become a string).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseMessagesRequest } from '../../../src/protocols/anthropic-messages/request.js';
import { adapter } from '../../../src/providers/anthropic/index.js';

const target = {
  baseUrl: 'https://api.anthropic.com',
  apiKey: 'k',
  upstreamModel: 'claude-sonnet-4-5',
  headers: {},
};

function roundTrip(original: Record<string, unknown>): Record<string, unknown> {
  const canonical = parseMessagesRequest(original);
  return JSON.parse(adapter.buildChatRequest(canonical, target).body ?? '') as Record<string, unknown>;
}

describe('Anthropic → canonical → Anthropic', () => {
  it('preserves a full tool-use conversation', () => {
    const original = {
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      system: [
        { type: 'text', text: 'You are a weather bot.' },
        { type: 'text', text: 'Answer in Celsius.' },
      ],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this picture, and the weather in Paris?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'A cat. Checking Paris.' },
            { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Paris', days: [1, 2] } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_01', content: '18°C, sunny' },
            { type: 'text', text: 'And tomorrow?' },
          ],
        },
      ],
      tools: [
        {
          name: 'get_weather',
          description: 'Current weather',
          input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      ],
      tool_choice: { type: 'tool', name: 'get_weather', disable_parallel_tool_use: true },
      stop_sequences: ['###'],
      temperature: 0.5,
      top_p: 0.9,
      top_k: 20,
      metadata: { user_id: 'user-7' },
      stream: true,
    };
    const { model, ...rest } = roundTrip(original);
    const { model: m0, ...expected } = original;
    assert.equal(model, target.upstreamModel);
    assert.equal(m0, 'claude-sonnet-4-5');
    assert.deepEqual(rest, expected);
  });

  it('preserves thinking budgets at the representative levels', () => {
    for (const budget of [2048, 8192, 24576]) {
      const out = roundTrip({
        model: 'c',
        max_tokens: 32000,
        thinking: { type: 'enabled', budget_tokens: budget },
        messages: [{ role: 'user', content: 'Prove it.' }],
      });
      assert.deepEqual(out['thinking'], { type: 'enabled', budget_tokens: budget });
    }
  });

  it('preserves any plain-text conversation (property)', () => {
    const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');
    const conversation = fc
      .array(text, { minLength: 1, maxLength: 8 })
      .map((texts) => texts.map((t, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: t })));
    fc.assert(
      fc.property(
        conversation,
        fc.option(text, { nil: undefined }),
        fc.integer({ min: 1, max: 8192 }),
        (messages, system, max) => {
          const original: Record<string, unknown> = { model: 'c', max_tokens: max, messages };
          if (system !== undefined) original['system'] = system;
          const out = roundTrip(original);
          assert.deepEqual(out['messages'], messages);
          assert.equal(out['system'], system);
          assert.equal(out['max_tokens'], max);
        },
      ),
      { numRuns: 200 },
    );
  });
});
