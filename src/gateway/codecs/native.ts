// Native pass-through through the upstream adapter itself: the client's protocol is the adapter's wire
// protocol (an OpenAI chat client on an OpenAI-compatible server, an Anthropic client on Claude).
import type { WireProtocol } from '../../providers/types.js';
import { capOutput, outputField } from '../handlers/reserve.js';
import type { ClientCodec } from './types.js';

type NativeParts = Pick<
  ClientCodec,
  'isNative' | 'buildNative' | 'capNative' | 'nativeCanonical' | 'nativeDecoder'
>;

export function adapterNative(protocol: WireProtocol): NativeParts {
  return {
    isNative: (m) => m.adapter.protocol === protocol && m.adapter.buildNativeRequest !== undefined,
    buildNative: (m, body, raw) => {
      const build = m.adapter.buildNativeRequest;
      if (!build) throw new Error(`adapter ${m.adapter.id} has no native pass-through`);
      return build(body, m.target, raw);
    },
    capNative: (m, body, cap) => capOutput(body, cap, outputField(m)),
    nativeCanonical: (m, json) => m.adapter.parseChatResponse(json, m.target).response,
    nativeDecoder: (m) => m.adapter.createStreamDecoder(m.target),
  };
}
