// The Responses API translators against the documented formats (recorded fixtures) and their round trips:
// a canonical answer written as a Responses object (JSON) or event stream (SSE) and read back by the decoder
// a native upstream uses gives the same text, reasoning, tool calls, finish reason and usage.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ChatChunk, ChatResponse, FinishReason, ToolCall } from '../../../src/protocols/canonical.js';
import {
  parseResponsesRequest,
  responsesToCanonical,
} from '../../../src/protocols/openai-responses/request.js';
import {
  type ResponseShell,
  responsesToChatResponse,
  toResponsesObject,
} from '../../../src/protocols/openai-responses/response.js';
import {
  ResponsesStreamDecoder,
  ResponsesStreamEncoder,
} from '../../../src/protocols/openai-responses/stream.js';
import { usageFromResponse } from '../../../src/protocols/openai-responses/usage.js';
import { SseParser } from '../../../src/protocols/sse.js';
import { usageArb } from '../helpers/arbitraries.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../../test/fixtures/openai/${name}`, import.meta.url), 'utf8');

function shell(summary: boolean): ResponseShell {
  const request = parseResponsesRequest({
    model: 'claude-sonnet-4-5',
    input: 'hi',
    ...(summary ? { reasoning: { effort: 'low', summary: 'auto' } } : {}),
  });
  return { id: 'resp_abc123', createdAt: 1_700_000_000, model: 'claude-sonnet-4-5', request };
}

/** Text, reasoning and calls accumulated from canonical chunks (what a chat client would assemble). */
function assemble(chunks: readonly ChatChunk[]) {
  let text = '';
  let reasoning = '';
  let finish: FinishReason = null;
  const calls: ToolCall[] = [];
  for (const c of chunks) {
    for (const ch of c.choices) {
      const d = ch.delta;
      text += typeof d.content === 'string' ? d.content : '';
      reasoning += d.reasoning_content ?? '';
      for (const t of d.tool_calls ?? []) {
        calls[t.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } };
        const call = calls[t.index] as ToolCall;
        if (t.id) call.id = t.id;
        call.function.name += t.function?.name ?? '';
        call.function.arguments += t.function?.arguments ?? '';
      }
      if (ch.finish_reason) finish = ch.finish_reason;
    }
  }
  return { text, reasoning, calls, finish };
}

const textArb = fc.string({ minLength: 0, maxLength: 40 });
const callArb = fc.record({
  id: fc.stringMatching(/^call_[a-z0-9]{1,8}$/),
  name: fc.stringMatching(/^[a-z_]{1,12}$/),
  args: fc.dictionary(
    fc.stringMatching(/^[a-z]{1,6}$/),
    fc.oneof(fc.integer(), fc.string({ maxLength: 8 })),
    {
      maxKeys: 3,
      noNullPrototype: true,
    },
  ),
});
const answerArb = fc.record({
  text: textArb,
  reasoning: textArb,
  calls: fc.uniqueArray(callArb, { maxLength: 3, selector: (c) => c.id }),
  length: fc.boolean(),
  usage: usageArb,
});
type Answer = typeof answerArb extends fc.Arbitrary<infer A> ? A : never;

function finishOf(a: Answer): FinishReason {
  return a.length ? 'length' : a.calls.length > 0 ? 'tool_calls' : 'stop';
}

function chatResponse(a: Answer): ChatResponse {
  const message: ChatResponse['choices'][number]['message'] = {
    role: 'assistant',
    content: a.text === '' && a.calls.length > 0 ? null : a.text,
  };
  if (a.reasoning !== '') message.reasoning_content = a.reasoning;
  if (a.calls.length > 0)
    message.tool_calls = a.calls.map((c) => ({
      id: c.id,
      type: 'function' as const,
      function: { name: c.name, arguments: JSON.stringify(c.args) },
    }));
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'claude-sonnet-4-5',
    choices: [{ index: 0, message, finish_reason: finishOf(a) }],
  };
}

/** Splits a string into 1–4 pieces at arbitrary points (as an upstream's deltas would). */
function pieces(s: string, cuts: readonly number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (s.length + 1)))].sort((x, y) => x - y);
  const out: string[] = [];
  let from = 0;
  for (const c of at) {
    if (c > from) out.push(s.slice(from, c));
    from = Math.max(from, c);
  }
  if (from < s.length) out.push(s.slice(from));
  return out;
}

function chunk(delta: ChatChunk['choices'][number]['delta'], finish: FinishReason = null): ChatChunk {
  return {
    id: 'c',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
}

function decodeSse(sse: string): { chunks: ChatChunk[]; decoder: ResponsesStreamDecoder; types: string[] } {
  const decoder = new ResponsesStreamDecoder();
  const parser = new SseParser();
  const chunks: ChatChunk[] = [];
  const types: string[] = [];
  for (const ev of [...parser.push(sse), ...parser.end()]) {
    types.push(ev.event ?? '');
    chunks.push(...decoder.push(ev));
  }
  return { chunks, decoder, types };
}

describe('Responses API: recorded fixtures', () => {
  it('reads the documented response object (text, usage)', () => {
    const json = JSON.parse(fixture('responses.json')) as {
      output: Array<{ content: Array<{ text: string }> }>;
    };
    const res = responsesToChatResponse(json);
    assert.ok(res);
    assert.equal(res.choices[0]?.message.content, json.output[0]?.content[0]?.text);
    assert.equal(res.choices[0]?.finish_reason, 'stop');
    const usage = usageFromResponse(json);
    assert.ok(usage);
    assert.equal(res.usage?.prompt_tokens, usage.inputTokens);
    assert.equal(res.usage?.completion_tokens, usage.outputTokens);
  });

  it("decodes the documented event stream to the final response's text and usage", () => {
    const { chunks, decoder } = decodeSse(fixture('responses-stream.sse'));
    assert.equal(decoder.done, true);
    const got = assemble(chunks);
    assert.equal(got.text, 'Hi there!');
    assert.equal(got.finish, 'stop');
    assert.deepEqual(
      { input: decoder.usage()?.inputTokens, output: decoder.usage()?.outputTokens },
      { input: 37, output: 11 },
    );
  });

  it('translates input items, function_call_output and tools to chat messages', () => {
    const req = parseResponsesRequest({
      model: 'claude-sonnet-4-5',
      instructions: 'Be brief.',
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'Weather in Paris?' }] },
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call_output', call_id: 'call_1', output: '18C' },
      ],
      tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: {} } }],
      tool_choice: 'auto',
      max_output_tokens: 64,
      text: { format: { type: 'json_schema', name: 'w', schema: { type: 'object' }, strict: true } },
    });
    const chat = responsesToCanonical(req);
    assert.equal(chat.messages[0]?.role, 'system');
    assert.equal(chat.messages[0]?.content, 'Be brief.');
    const assistant = chat.messages.find((m) => m.role === 'assistant');
    assert.equal(assistant?.tool_calls?.[0]?.function.name, 'get_weather');
    assert.equal(assistant?.tool_calls?.[0]?.id, 'call_1');
    const tool = chat.messages.find((m) => m.role === 'tool');
    assert.equal(tool?.tool_call_id, 'call_1');
    assert.equal(tool?.content, '18C');
    assert.equal(chat.tools?.[0]?.function.name, 'get_weather');
    assert.equal(chat.tool_choice, 'auto');
    assert.equal(chat.max_tokens, 64);
    assert.equal(chat.response_format?.type, 'json_schema');
  });
});

describe('Responses API: translation round trips (fast-check)', () => {
  it('canonical answer → response object → canonical keeps text, reasoning, calls, finish and usage', () => {
    fc.assert(
      fc.property(answerArb, fc.boolean(), (a, summary) => {
        const obj = toResponsesObject(shell(summary), chatResponse(a), a.usage);
        const back = responsesToChatResponse(obj);
        assert.ok(back);
        const m = back.choices[0]?.message;
        assert.equal(m?.content ?? '', a.text);
        assert.equal(m?.reasoning_content ?? '', summary ? a.reasoning : '');
        assert.deepEqual(
          (m?.tool_calls ?? []).map((c) => [c.id, c.function.name, JSON.parse(c.function.arguments)]),
          a.calls.map((c) => [c.id, c.name, c.args]),
        );
        assert.equal(back.choices[0]?.finish_reason, finishOf(a));
        const u = usageFromResponse(obj);
        assert.deepEqual(
          [u?.inputTokens, u?.cacheReadTokens, u?.outputTokens, u?.reasoningTokens],
          [a.usage.inputTokens, a.usage.cacheReadTokens, a.usage.outputTokens, a.usage.reasoningTokens],
        );
      }),
      { numRuns: 200 },
    );
  });

  it('canonical chunks → Responses SSE → decoder gives the same answer, and the stream ends with the JSON object', () => {
    fc.assert(
      fc.property(answerArb, fc.array(fc.nat(60), { maxLength: 3 }), fc.boolean(), (a, cuts, summary) => {
        const sh = shell(summary);
        const enc = new ResponsesStreamEncoder(sh);
        let sse = '';
        for (const r of pieces(a.reasoning, cuts)) sse += enc.encode(chunk({ reasoning_content: r }));
        for (const t of pieces(a.text, cuts)) sse += enc.encode(chunk({ content: t }));
        a.calls.forEach((c, index) => {
          const args = JSON.stringify(c.args);
          sse += enc.encode(
            chunk({
              tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } }],
            }),
          );
          for (const p of pieces(args, cuts))
            sse += enc.encode(chunk({ tool_calls: [{ index, function: { arguments: p } }] }));
        });
        sse += enc.encode(chunk({}, finishOf(a)));
        sse += enc.finish(a.usage);

        const { chunks, decoder, types } = decodeSse(sse);
        assert.equal(types[0], 'response.created');
        assert.equal(types.at(-1), a.length ? 'response.incomplete' : 'response.completed');
        assert.equal(decoder.done, true);
        const got = assemble(chunks);
        assert.equal(got.text, a.text);
        assert.equal(got.reasoning, summary ? a.reasoning : '');
        assert.deepEqual(
          got.calls.map((c) => [c.id, c.function.name, JSON.parse(c.function.arguments)]),
          a.calls.map((c) => [c.id, c.name, c.args]),
        );
        assert.equal(got.finish, finishOf(a));
        assert.equal(decoder.usage()?.outputTokens, a.usage.outputTokens);
        // The stream's final object says what a non-streaming answer would have said.
        const json = toResponsesObject(sh, chatResponse(a), a.usage) as { output: unknown[]; status: string };
        const final = enc.final as { output: unknown[]; status: string };
        assert.equal(final.status, json.status);
        assert.deepEqual(responsesToChatResponse(final)?.choices, responsesToChatResponse(json)?.choices);
      }),
      { numRuns: 200 },
    );
  });
});
