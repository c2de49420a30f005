// Open-weight model architecture facts, from each model's published config.json / model card.
import type { ModelFactsInput } from '../schema.js';

export const MODELS: ModelFactsInput[] = [
  {
    id: 'llama-3.1-8b',
    family: 'llama',
    aliases: ['meta-llama/Llama-3.1-8B-Instruct', 'llama-3.1-8b-instruct', 'llama3.1-8b'],
    paramsTotalB: 8.03,
    paramsActiveB: 8.03,
    layers: 32,
    hiddenSize: 4096,
    attentionHeads: 32,
    kvHeads: 8,
    headDim: 128,
    vocabSize: 128256,
    contextLength: 131072,
    source: 'https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct/blob/main/config.json',
    asOf: '2024-07',
  },
];
