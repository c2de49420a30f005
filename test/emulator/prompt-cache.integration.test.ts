import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { generateText } from '../../src/emulator/text.js';

// The emulated provider prompt cache (timed mode): OpenAI automatic, Anthropic cache_control.
describe('emulator prompt cache', () => {
  let emu: RunningEmulator;
  let openai: OpenAI;
  let anthropic: Anthropic;
  const longText = generateText(1500, 11);

  before(async () => {
    emu = await startEmulator({ port: 0 });
    openai = new OpenAI({ baseURL: emu.url, apiKey: 't', maxRetries: 0 });
    anthropic = new Anthropic({ baseURL: emu.url.replace(/\/v1$/, ''), apiKey: 't', maxRetries: 0 });
  });
  after(() => emu.close());

  it('OpenAI: a repeated long prefix reports cached_tokens in 128-token steps', async () => {
    const ask = (q: string) =>
      openai.chat.completions.create({
        model: 'gpt-4o-mini',
        max_tokens: 1,
        messages: [
          { role: 'system', content: longText },
          { role: 'user', content: q },
        ],
      });
    const first = await ask('first question');
    assert.equal(first.usage?.prompt_tokens_details?.cached_tokens, 0);
    const second = await ask('another question');
    const cached = second.usage?.prompt_tokens_details?.cached_tokens ?? 0;
    assert.ok(
      cached >= 1024 && cached % 128 === 0 && cached <= (second.usage?.prompt_tokens ?? 0),
      `cached ${cached}`,
    );
    const short = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      max_tokens: 1,
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal(short.usage?.prompt_tokens_details?.cached_tokens, 0);
  });

  it('Anthropic: cache_control writes then reads; input_tokens excludes both', async () => {
    const ask = () =>
      anthropic.messages.create({
        model: 'claude-haiku-4-5',
        max_tokens: 1,
        system: [{ type: 'text', text: longText, cache_control: { type: 'ephemeral' } }],
        messages: [{ role: 'user', content: 'question' }],
      });
    const first = await ask();
    const written = first.usage.cache_creation_input_tokens ?? 0;
    assert.ok(written >= 1500, `written ${written}`);
    assert.equal(first.usage.cache_read_input_tokens, 0);
    const second = await ask();
    assert.equal(second.usage.cache_read_input_tokens, written);
    assert.equal(second.usage.cache_creation_input_tokens, 0);
    assert.equal(second.usage.input_tokens, first.usage.input_tokens);
    assert.ok(second.usage.input_tokens < 50);
    assert.ok(emu.stats().cachedTokens >= written);
  });
});
