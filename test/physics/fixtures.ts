// Catalog-shaped entries built through the schemas, so physics tests do not depend on shipped data.
import {
  type Hardware,
  type HardwareInput,
  hardwareSchema,
  type ModelFacts,
  type ModelFactsInput,
  modelFactsSchema,
} from '../../src/catalog/schema.js';

const prov = { source: 'test fixture', asOf: '2025-01' };

export const model = (m: Omit<ModelFactsInput, 'source' | 'asOf'>): ModelFacts =>
  modelFactsSchema.parse({ ...m, ...prov });
export const device = (h: Omit<HardwareInput, 'source' | 'asOf'>): Hardware =>
  hardwareSchema.parse({ ...h, ...prov });

export const LLAMA_8B = model({
  id: 'llama-3.1-8b',
  family: 'llama',
  paramsTotalB: 8.03,
  paramsActiveB: 8.03,
  layers: 32,
  hiddenSize: 4096,
  attentionHeads: 32,
  kvHeads: 8,
  headDim: 128,
  vocabSize: 128256,
  contextLength: 131072,
});

export const LLAMA_70B = model({
  id: 'llama-3.1-70b',
  family: 'llama',
  paramsTotalB: 70.6,
  paramsActiveB: 70.6,
  layers: 80,
  hiddenSize: 8192,
  attentionHeads: 64,
  kvHeads: 8,
  headDim: 128,
  vocabSize: 128256,
  contextLength: 131072,
});

export const DEEPSEEK_V3 = model({
  id: 'deepseek-v3',
  family: 'deepseek',
  paramsTotalB: 671,
  paramsActiveB: 37,
  layers: 61,
  hiddenSize: 7168,
  attentionHeads: 128,
  kvHeads: 128,
  headDim: 128,
  vocabSize: 129280,
  contextLength: 131072,
  moe: { experts: 256, activePerToken: 8 },
  kvElementsPerTokenPerLayer: 576,
});

export const GEMMA_LIKE = model({
  id: 'sliding',
  family: 'gemma',
  paramsTotalB: 9,
  paramsActiveB: 9,
  layers: 42,
  hiddenSize: 3584,
  attentionHeads: 16,
  kvHeads: 8,
  headDim: 256,
  vocabSize: 256000,
  contextLength: 8192,
  slidingWindow: { layers: 21, window: 4096 },
});

export const H100 = device({
  id: 'h100-sxm',
  name: 'H100 SXM',
  vendor: 'NVIDIA',
  kind: 'datacenter',
  memoryGB: 80,
  bandwidthGBs: 3350,
  tflops: { bf16: 989, fp8: 1979, int8: 1979 },
  interconnect: { kind: 'nvlink', bandwidthGBs: 450, maxGroup: 8 },
  tdpW: 700,
  idleW: 90,
  prices: {},
});

/** The same chip on PCIe only: isolates the interconnect. */
export const H100_PCIE_ONLY = device({
  ...H100,
  id: 'h100-pcie-only',
  interconnect: { kind: 'pcie', bandwidthGBs: 32, maxGroup: 8 },
});

export const A100 = device({
  id: 'a100-sxm-80gb',
  name: 'A100 SXM4 80GB',
  vendor: 'NVIDIA',
  kind: 'datacenter',
  memoryGB: 80,
  bandwidthGBs: 2039,
  tflops: { bf16: 312, int8: 624 },
  interconnect: { kind: 'nvlink', bandwidthGBs: 300, maxGroup: 8 },
  tdpW: 400,
  prices: {},
});

export const L4 = device({
  id: 'l4',
  name: 'L4',
  vendor: 'NVIDIA',
  kind: 'datacenter',
  memoryGB: 24,
  bandwidthGBs: 300,
  tflops: { bf16: 121, fp8: 242, int8: 242 },
  interconnect: { kind: 'pcie', bandwidthGBs: 32, maxGroup: 8 },
  tdpW: 72,
  prices: {},
});

export const L40S = device({
  id: 'l40s',
  name: 'L40S',
  vendor: 'NVIDIA',
  kind: 'datacenter',
  memoryGB: 48,
  bandwidthGBs: 864,
  tflops: { bf16: 362, fp8: 733, int8: 733 },
  interconnect: { kind: 'pcie', bandwidthGBs: 32, maxGroup: 8 },
  tdpW: 350,
  prices: {},
});
