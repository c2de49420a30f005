// Client compatibility: the OpenAI Agents SDK (`@openai/agents`, Responses API by default, and its chat
// completions model) against the gateway, zero config and cross-vendor — an agent on Claude or Gemini works
// because /v1/responses is translated for them. Tracing is off (it would export to OpenAI). Test names are
// `<feature> [<upstream protocol>]`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  Agent,
  OpenAIChatCompletionsModel,
  OpenAIResponsesModel,
  Runner,
  setTracingDisabled,
  tool,
} from '@openai/agents';
import OpenAI from 'openai';
import { z } from 'zod';
import { type ClientSuite, SLOW_MODEL, startSuite } from './helpers/setup.js';

let zero: ClientSuite;
let cross: ClientSuite;
let zeroClient: OpenAI;
let crossClient: OpenAI;

const weather = tool({
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => `21°C in ${city}`,
});
const forecast = tool({
  name: 'get_forecast',
  description: 'Forecast for a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => `sunny in ${city}`,
});
const Person = z.object({ name: z.string(), age: z.number().int().min(0).max(120) });

before(async () => {
  setTracingDisabled(true);
  [zero, cross] = await Promise.all([startSuite('zero-config'), startSuite('cross-vendor')]);
  zeroClient = new OpenAI({ baseURL: `${zero.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  crossClient = new OpenAI({ baseURL: `${cross.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});
after(async () => {
  await Promise.all([zero.close(), cross.close()]);
});

const responses = (c: OpenAI, model: string) => new OpenAIResponsesModel(c, model);
const runner = () => new Runner({ tracingDisabled: true });

describe('openai-agents', () => {
  it('chat [openai]', async () => {
    const agent = new Agent({
      name: 'a',
      instructions: 'Be brief.',
      model: responses(zeroClient, 'gpt-4o-mini'),
    });
    const r = await runner().run(agent, 'hi');
    assert.ok(typeof r.finalOutput === 'string' && r.finalOutput.length > 0);
  });

  it('chat [anthropic]', async () => {
    const agent = new Agent({ name: 'a', model: responses(crossClient, 'claude-sonnet-4-5') });
    const r = await runner().run(agent, 'hi');
    assert.ok(typeof r.finalOutput === 'string' && r.finalOutput.length > 0);
  });

  it('chat [gemini]', async () => {
    const agent = new Agent({ name: 'a', model: responses(crossClient, 'gemini-2.5-flash') });
    const r = await runner().run(agent, 'hi');
    assert.equal(r.finalOutput, 'AI learns patterns from data to make predictions or decisions.');
  });

  it('stream [openai]', async () => {
    const agent = new Agent({ name: 'a', model: responses(zeroClient, 'gpt-4o-mini') });
    const r = await runner().run(agent, 'count', { stream: true });
    let text = '';
    for await (const t of r.toTextStream()) text += t;
    await r.completed;
    assert.ok(text.length > 0);
    assert.equal(r.finalOutput, text);
  });

  it('tools round-trip [openai]', async () => {
    const agent = new Agent({ name: 'a', tools: [weather], model: responses(zeroClient, 'gpt-4o-mini') });
    const r = await runner().run(agent, 'Weather in Paris?');
    assert.ok(r.newItems.some((i) => i.type === 'tool_call_output_item'));
    assert.ok(typeof r.finalOutput === 'string' && r.finalOutput.length > 0);
  });

  it('tools round-trip [anthropic]', async () => {
    const agent = new Agent({
      name: 'a',
      tools: [weather],
      model: responses(crossClient, 'claude-sonnet-4-5'),
    });
    const r = await runner().run(agent, 'Weather in Paris?');
    assert.ok(r.newItems.some((i) => i.type === 'tool_call_output_item'));
    assert.ok(typeof r.finalOutput === 'string' && r.finalOutput.length > 0);
  });

  it('parallel tools streamed [anthropic]', async () => {
    const agent = new Agent({
      name: 'a',
      tools: [weather, forecast],
      model: responses(crossClient, 'claude-sonnet-4-5'),
    });
    const r = await runner().run(agent, 'Weather and forecast in Paris?', { stream: true });
    await r.completed;
    const outputs = r.newItems.filter((i) => i.type === 'tool_call_output_item');
    assert.equal(outputs.length, 2);
    assert.ok(typeof r.finalOutput === 'string' && r.finalOutput.length > 0);
  });

  it('structured output [openai]', async () => {
    const agent = new Agent({ name: 'a', outputType: Person, model: responses(zeroClient, 'gpt-4o-mini') });
    const r = await runner().run(agent, 'A person');
    assert.ok(Person.parse(r.finalOutput));
  });

  it('structured output [anthropic]', async () => {
    const agent = new Agent({
      name: 'a',
      outputType: Person,
      model: responses(crossClient, 'claude-sonnet-4-5'),
    });
    const r = await runner().run(agent, 'A person');
    assert.ok(Person.parse(r.finalOutput));
  });

  it('chat completions api [openai]', async () => {
    // The SDK's chat-completions model works too; its Responses model (every other test) is the default.
    const agent = new Agent({
      name: 'a',
      tools: [weather],
      model: new OpenAIChatCompletionsModel(zeroClient, 'gpt-4o-mini'),
    });
    const r = await runner().run(agent, 'Weather in Paris?');
    assert.ok(typeof r.finalOutput === 'string' && r.finalOutput.length > 0);
  });

  it('thinking [anthropic]', async () => {
    const agent = new Agent({
      name: 'a',
      model: responses(crossClient, 'claude-sonnet-4-5'),
      modelSettings: { reasoning: { effort: 'low', summary: 'auto' }, maxTokens: 4000 },
    });
    const r = await runner().run(agent, 'think');
    assert.ok(r.newItems.some((i) => i.type === 'reasoning_item'));
  });

  it('cancellation [openai]', async () => {
    const controller = new AbortController();
    const agent = new Agent({
      name: 'a',
      model: responses(crossClient, SLOW_MODEL),
      modelSettings: { maxTokens: 400 },
    });
    const r = await runner().run(agent, 'long', { stream: true, signal: controller.signal });
    let n = 0;
    const err = await (async () => {
      for await (const _ of r.toTextStream()) if (++n === 3) controller.abort();
      await r.completed;
    })().catch((e: unknown) => e);
    assert.ok(n >= 3);
    assert.ok(err === undefined || err instanceof Error);
  });

  it('error classes [openai]', async () => {
    const agent = new Agent({ name: 'a', model: responses(zeroClient, 'gpt-4o-minii') });
    const err = await runner()
      .run(agent, 'x')
      .catch((e: unknown) => e);
    assert.ok(err instanceof OpenAI.NotFoundError);
  });

  it('cost labels [openai]', async () => {
    const before = zero.ledger.records.length;
    const agent = new Agent({ name: 'a', model: responses(zeroClient, 'gpt-4o-mini') });
    await runner().run(agent, 'hi');
    await new Promise((r) => setTimeout(r, 20));
    const rec = zero.ledger.records.slice(before).find((x) => x.endpoint === 'responses');
    assert.ok(rec && rec.costUsd.total > 0);
  });
});
