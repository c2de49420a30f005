// Gemini function calls have no stable id (and Gemini 3 attaches a `thoughtSignature` that must come back
// on the next turn). Canonical tool calls need an id that the client echoes, so the signature rides
// inside it: `<id>__thought__<signature>`; on the way back it is split off and restored.

const SEP = '__thought__';

/** Canonical tool-call id carrying an optional Gemini thought signature. */
export function encodeToolId(id: string, signature: string | undefined): string {
  return signature ? `${id}${SEP}${signature}` : id;
}

/** Splits a canonical tool-call id into its own id and the Gemini thought signature, if any. */
export function decodeToolId(id: string): { id: string; signature: string | undefined } {
  const at = id.indexOf(SEP);
  return at === -1
    ? { id, signature: undefined }
    : { id: id.slice(0, at), signature: id.slice(at + SEP.length) };
}

let counter = 0;

/** A fresh id for a Gemini function call that came without one. */
export function newCallId(): string {
  counter = (counter + 1) % 1_000_000;
  return `call_${Date.now().toString(36)}${counter.toString(36)}`;
}
