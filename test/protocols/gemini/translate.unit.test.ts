// The Gemini client protocol (a @google/genai client pointed at Margin) against the Gemini upstream adapter:
// what the gateway writes to a Gemini client (JSON or SSE) read back by the adapter that reads a real Gemini
// upstream gives the same answer, and a client request translated to canonical and back to a Gemini
// upstream body keeps its meaning. Lossless paths are checked with fast-check.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Usage } from '../../../src/meter/usage.js';
import type { ChatChunk, ChatResponse, FinishReason } from '../../../src/protocols/canonical.js';
import { parseGenerateContent } from '../../../src/protocols/gemini/request.js';
import { toGeminiResponse } from '../../../src/protocols/gemini/response.js';
import { GeminiStreamEncoder } from '../../../src/protocols/gemini/stream.js';
import { SseParser } from '../../../src/protocols/sse.js';
import { toGeminiBody } from '../../../src/providers/gemini/request.js';
import { fromGeminiResponse } from '../../../src/providers/gemini/response.js';
import { GeminiStreamDecoder } from '../../../src/providers/gemini/stream.js';
import { usageArb } from '../helpers/arbitraries.js';

const textArb = fc.string({ minLength: 0, maxLength: 40 });
const argsArb = fc.dictionary(
  fc.stringMatching(/^[a-z]{1,6}$/),
  fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), fc.boolean()),
  { maxKeys: 3, noNullPrototype: true },
);
const callsArb = fc.uniqueArray(
  fc.record({
    id: fc.stringMatching(/^call_[a-z0-9]{1,8}$/),
    name: fc.stringMatching(/^[a-z_]{1,12}$/),
    args: argsArb,
  }),
  { maxLength: 3, selector: (c) => c.id },
);
const answerArb = fc.record({
  text: textArb,
  thoughts: textArb,
  calls: callsArb,
  length: fc.boolean(),
  usage: usageArb,
});
type Answer = typeof answerArb extends fc.Arbitrary<infer A> ? A : never;

const finishOf = (a: Answer): FinishReason =>
  a.length ? 'length' : a.calls.length > 0 ? 'tool_calls' : 'stop';

function chatResponse(a: Answer): ChatResponse {
  const message: ChatResponse['choices'][number]['message'] = {
    role: 'assistant',
    content: a.text === '' && a.calls.length > 0 ? null : a.text,
  };
  if (a.thoughts !== '') message.reasoning_content = a.thoughts;
  if (a.calls.length > 0)
    message.tool_calls = a.calls.map((c) => ({
      id: c.id,
      type: 'function' as const,
      function: { name: c.name, arguments: JSON.stringify(c.args) },
    }));
  return {
    id: 'r1',
    object: 'chat.completion',
    created: 1,
    model: 'gemini-2.5-flash',
    choices: [{ index: 0, message, finish_reason: finishOf(a) }],
  };
}

const usageTuple = (u: Usage | undefined) => [
  u?.inputTokens,
  u?.cacheReadTokens,
  u?.outputTokens,
  u?.reasoningTokens,
];

describe('Gemini client protocol ↔ Gemini upstream adapter (fast-check)', () => {
  it('generateContent JSON written for a client reads back to the same answer', () => {
    fc.assert(
      fc.property(answerArb, (a) => {
        const body = toGeminiResponse(chatResponse(a), a.usage, 'gemini-2.5-flash');
        const { response, usage } = fromGeminiResponse(JSON.parse(JSON.stringify(body)), 'gemini-2.5-flash');
        const m = response.choices[0]?.message;
        assert.equal(m?.content ?? '', a.text);
        assert.equal(m?.reasoning_content ?? '', a.thoughts);
        assert.deepEqual(
          (m?.tool_calls ?? []).map((c) => [c.id, c.function.name, JSON.parse(c.function.arguments)]),
          a.calls.map((c) => [c.id, c.name, c.args]),
        );
        assert.equal(response.choices[0]?.finish_reason, finishOf(a));
        assert.deepEqual(usageTuple(usage), usageTuple(a.usage));
      }),
      { numRuns: 200 },
    );
  });

  it('streamGenerateContent SSE written for a client decodes to the same answer', () => {
    fc.assert(
      fc.property(answerArb, fc.array(fc.nat(50), { maxLength: 3 }), (a, cuts) => {
        const enc = new GeminiStreamEncoder('gemini-2.5-flash');
        const chunk = (
          delta: ChatChunk['choices'][number]['delta'],
          finish: FinishReason = null,
        ): ChatChunk => ({
          id: 'r1',
          object: 'chat.completion.chunk',
          created: 1,
          model: 'gemini-2.5-flash',
          choices: [{ index: 0, delta, finish_reason: finish }],
        });
        const split = (s: string) => {
          const at = [...new Set(cuts.map((c) => c % (s.length + 1)))].sort((x, y) => x - y);
          const out: string[] = [];
          let from = 0;
          for (const c of [...at, s.length]) {
            if (c > from) out.push(s.slice(from, c));
            from = Math.max(from, c);
          }
          return out;
        };
        let sse = '';
        for (const p of split(a.thoughts)) sse += enc.encode(chunk({ reasoning_content: p }));
        for (const p of split(a.text)) sse += enc.encode(chunk({ content: p }));
        a.calls.forEach((c, index) => {
          sse += enc.encode(
            chunk({
              tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } }],
            }),
          );
          for (const p of split(JSON.stringify(c.args)))
            sse += enc.encode(chunk({ tool_calls: [{ index, function: { arguments: p } }] }));
        });
        sse += enc.encode(chunk({}, finishOf(a)));
        sse += enc.finish(a.usage);

        const dec = new GeminiStreamDecoder('gemini-2.5-flash');
        let text = '';
        let thoughts = '';
        let finish: FinishReason = null;
        const calls: Array<[string, string, string]> = [];
        for (const ev of new SseParser().push(sse))
          for (const c of dec.push(ev))
            for (const ch of c.choices) {
              text += typeof ch.delta.content === 'string' ? ch.delta.content : '';
              thoughts += ch.delta.reasoning_content ?? '';
              for (const t of ch.delta.tool_calls ?? []) {
                calls[t.index] ??= ['', '', ''];
                const call = calls[t.index] as [string, string, string];
                call[0] = t.id ?? call[0];
                call[1] += t.function?.name ?? '';
                call[2] += t.function?.arguments ?? '';
              }
              finish = ch.finish_reason ?? finish;
            }
        assert.equal(dec.done, true);
        assert.equal(text, a.text);
        assert.equal(thoughts, a.thoughts);
        assert.deepEqual(
          calls.map(([id, name, args]) => [id, name, JSON.parse(args)]),
          a.calls.map((c) => [c.id, c.name, c.args]),
        );
        assert.equal(finish, finishOf(a));
        assert.deepEqual(usageTuple(dec.usage()), usageTuple(a.usage));
      }),
      { numRuns: 200 },
    );
  });

  it('a client request → canonical → Gemini upstream body keeps turns, calls, tools and settings', () => {
    const turnArb = fc.oneof(
      textArb.filter((t) => t !== '').map((text) => ({ role: 'user', parts: [{ text }] })),
      textArb.filter((t) => t !== '').map((text) => ({ role: 'model', parts: [{ text }] })),
    );
    fc.assert(
      fc.property(
        fc.array(turnArb, { minLength: 1, maxLength: 5 }),
        fc.option(
          textArb.filter((t) => t !== ''),
          { nil: undefined },
        ),
        fc.record({
          temperature: fc.double({ min: 0, max: 2, noNaN: true }),
          maxOutputTokens: fc.integer({ min: 1, max: 8192 }),
        }),
        (contents, system, generationConfig) => {
          const client = {
            model: 'gemini-2.5-flash',
            contents,
            ...(system === undefined ? {} : { systemInstruction: { parts: [{ text: system }] } }),
            generationConfig,
          };
          const upstream = toGeminiBody(parseGenerateContent(client), 'gemini-2.5-flash') as Record<
            string,
            unknown
          >;
          // Consecutive turns of one role are merged upstream (Gemini alternates roles): compare the texts per role run.
          const runs = (cs: Array<{ role: string; parts: Array<{ text?: string }> }>) => {
            const out: Array<[string, string]> = [];
            for (const c of cs) {
              const text = c.parts.map((p) => p.text ?? '').join('');
              const last = out.at(-1);
              if (last && last[0] === c.role) last[1] += text;
              else out.push([c.role, text]);
            }
            return out;
          };
          assert.deepEqual(runs(upstream.contents as typeof contents), runs(contents));
          assert.deepEqual(
            upstream.systemInstruction,
            system === undefined ? undefined : { parts: [{ text: system }] },
          );
          const cfg = upstream.generationConfig as Record<string, unknown>;
          assert.equal(cfg.temperature, generationConfig.temperature);
          assert.equal(cfg.maxOutputTokens, generationConfig.maxOutputTokens);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a documented function-calling exchange survives the trip (ids, args, functionResponse)', () => {
    // Shape from Google's function-calling guide: the model's functionCall, then the user's functionResponse.
    const client = {
      model: 'gemini-2.5-flash',
      contents: [
        { role: 'user', parts: [{ text: 'Turn the lights down to a romantic level' }] },
        {
          role: 'model',
          parts: [
            {
              functionCall: {
                id: 'fc_1',
                name: 'set_light_values',
                args: { brightness: 25, color_temp: 'warm' },
              },
            },
          ],
        },
        {
          role: 'user',
          parts: [
            {
              functionResponse: {
                id: 'fc_1',
                name: 'set_light_values',
                response: { brightness: 25, colorTemperature: 'warm' },
              },
            },
          ],
        },
      ],
      tools: [
        {
          functionDeclarations: [
            {
              name: 'set_light_values',
              description: 'Sets the brightness and color temperature of a light.',
              parameters: {
                type: 'object',
                properties: { brightness: { type: 'integer' }, color_temp: { type: 'string' } },
                required: ['brightness', 'color_temp'],
              },
            },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: 'ANY' } },
    };
    const canonical = parseGenerateContent(client);
    const call = canonical.messages.find((m) => m.role === 'assistant')?.tool_calls?.[0];
    assert.equal(call?.function.name, 'set_light_values');
    assert.deepEqual(JSON.parse(call?.function.arguments ?? ''), { brightness: 25, color_temp: 'warm' });
    const tool = canonical.messages.find((m) => m.role === 'tool');
    assert.equal(tool?.tool_call_id, call?.id);
    assert.equal(canonical.tool_choice, 'required');
    const upstream = toGeminiBody(canonical, 'gemini-2.5-flash') as {
      contents: Array<{ role: string; parts: Array<Record<string, Record<string, unknown>>> }>;
      tools: Array<{ functionDeclarations: Array<{ name: string }> }>;
    };
    const fcPart = upstream.contents[1]?.parts[0]?.functionCall;
    assert.deepEqual(fcPart?.args, { brightness: 25, color_temp: 'warm' });
    assert.equal(fcPart?.name, 'set_light_values');
    const fr = upstream.contents[2]?.parts[0]?.functionResponse;
    assert.equal(fr?.name, 'set_light_values');
    assert.equal(upstream.tools[0]?.functionDeclarations[0]?.name, 'set_light_values');
  });
});
