// GPU offers: provider × accelerator × region × commitment, US dollars per GPU-hour (instance price ÷ its
// GPUs). Figures marked `estimated` could not be confirmed on the provider's own page here (spot markets,
// marketplace medians, reservation discounts and instances known only from secondary reports); the others
// are the providers' published list prices as of `asOf`. Hyperscaler spot prices move hourly: a typical
// level. Anyscale's hosted LLM endpoints were discontinued in 2024; Anyscale sells no GPU offer listed here.
import type { Commitment, GpuOfferInput } from '../schema.js';

type Kind = GpuOfferInput['kind'];

interface Spec {
  provider: string;
  kind: Kind;
  hardware: string;
  instance: string;
  gpus: number;
  region: string;
  /** Instance (not per-GPU) price, US dollars per hour. */
  instanceUsdPerHour: number;
  commitment?: Commitment;
  estimated?: boolean;
  source: string;
  asOf: string;
}

function offer(s: Spec): GpuOfferInput {
  const commitment = s.commitment ?? 'on-demand';
  return {
    id: `${s.provider}/${s.instance}/${s.region}/${commitment}`,
    provider: s.provider,
    hardware: s.hardware,
    region: s.region,
    commitment,
    usdPerGpuHour: Math.round((s.instanceUsdPerHour / s.gpus) * 10000) / 10000,
    instance: s.instance,
    gpusPerInstance: s.gpus,
    kind: s.kind,
    estimated: s.estimated ?? false,
    source: s.source,
    asOf: s.asOf,
  };
}

/** One instance at several commitments: on-demand price × the discount of each (estimates unless stated). */
function commitments(
  base: Spec,
  discounts: Partial<Record<Exclude<Commitment, 'on-demand'>, number>>,
  note: string,
): GpuOfferInput[] {
  const out = [offer(base)];
  for (const [c, f] of Object.entries(discounts) as Array<[Commitment, number]>) {
    out.push(
      offer({
        ...base,
        commitment: c,
        instanceUsdPerHour: base.instanceUsdPerHour * f,
        estimated: true,
        source: `${base.source}; ${c}: ${note}`,
      }),
    );
  }
  return out;
}

const AWS = 'https://aws.amazon.com/ec2/pricing/on-demand/';
const AWS_CUT =
  "AWS What's New 2025-06: up to 45% lower prices for P4/P5 on-demand and Savings Plans (p5.48xlarge $55.04/h)";
const AWS_PLANS =
  'EC2 Instance Savings Plans typically ~35% (1 year) and ~55% (3 years) below on-demand for P5';
const AZURE = 'https://azure.microsoft.com/en-us/pricing/details/virtual-machines/linux/ (East US)';
const AZURE_RI = 'Azure reserved instances typically ~30% (1 year) and ~50% (3 years) below pay-as-you-go';
const GCP = 'https://cloud.google.com/compute/gpus-pricing (us-central1)';
const GCP_CUD = 'GCP committed-use discounts for A3: ~37% (1 year) and ~55% (3 years)';
const TPU = 'https://cloud.google.com/tpu/pricing (per chip-hour: on-demand, 1-year and 3-year commitments)';
const COREWEAVE = 'https://www.coreweave.com/pricing (8-GPU HGX instances, on-demand)';
const LAMBDA = 'https://lambda.ai/pricing (on-demand instances; 8-GPU SXM per-GPU rate)';
const CRUSOE = 'https://crusoe.ai/cloud/pricing (on-demand per GPU-hour)';
const RUNPOD = 'https://www.runpod.io/pricing (Secure Cloud on-demand per GPU-hour)';
const RUNPOD_COMMUNITY = "https://www.runpod.io/pricing (Community Cloud: hosts' machines, per GPU-hour)";
const VAST =
  'https://vast.ai/pricing (marketplace: hosts set prices; typical median of verified on-demand listings — ' +
  'varies by the hour)';
const MODAL = 'https://modal.com/pricing (serverless GPU, billed per second; per-hour equivalent)';

export const OFFERS: GpuOfferInput[] = [
  // ---- AWS ----
  ...commitments(
    {
      provider: 'aws',
      kind: 'hyperscaler',
      hardware: 'h100-sxm',
      instance: 'p5.48xlarge',
      gpus: 8,
      region: 'us-virginia',
      instanceUsdPerHour: 55.04,
      source: `${AWS}; ${AWS_CUT}`,
      asOf: '2025-06',
    },
    { '1y': 0.65, '3y': 0.45 },
    AWS_PLANS,
  ),
  offer({
    provider: 'aws',
    kind: 'hyperscaler',
    hardware: 'h100-sxm',
    instance: 'p5.48xlarge',
    gpus: 8,
    region: 'us-virginia',
    commitment: 'spot',
    instanceUsdPerHour: 20,
    estimated: true,
    source: 'https://aws.amazon.com/ec2/spot/pricing/ (p5.48xlarge us-east-1, typical level)',
    asOf: '2026-03',
  }),
  offer({
    provider: 'aws',
    kind: 'hyperscaler',
    hardware: 'h200',
    instance: 'p5en.48xlarge',
    gpus: 8,
    region: 'us-virginia',
    instanceUsdPerHour: 63.3,
    estimated: true,
    source: `${AWS} (p5en.48xlarge after the 2025-06 cut, as reported)`,
    asOf: '2025-06',
  }),
  offer({
    provider: 'aws',
    kind: 'hyperscaler',
    hardware: 'b200',
    instance: 'p6-b200.48xlarge',
    gpus: 8,
    region: 'us-virginia',
    instanceUsdPerHour: 113.93,
    source: AWS,
    asOf: '2025-06',
  }),
  offer({
    provider: 'aws',
    kind: 'hyperscaler',
    hardware: 'a100-sxm-80gb',
    instance: 'p4de.24xlarge',
    gpus: 8,
    region: 'us-virginia',
    instanceUsdPerHour: 27.45,
    estimated: true,
    source: `${AWS}; ${AWS_CUT} (p4de −33%)`,
    asOf: '2025-06',
  }),
  offer({
    provider: 'aws',
    kind: 'hyperscaler',
    hardware: 'l40s',
    instance: 'g6e.xlarge',
    gpus: 1,
    region: 'us-virginia',
    instanceUsdPerHour: 1.861,
    source: AWS,
    asOf: '2025-06',
  }),
  offer({
    provider: 'aws',
    kind: 'hyperscaler',
    hardware: 'l4',
    instance: 'g6.xlarge',
    gpus: 1,
    region: 'us-virginia',
    instanceUsdPerHour: 0.805,
    source: AWS,
    asOf: '2025-06',
  }),
  offer({
    provider: 'aws',
    kind: 'hyperscaler',
    hardware: 'a10g',
    instance: 'g5.xlarge',
    gpus: 1,
    region: 'us-virginia',
    instanceUsdPerHour: 1.006,
    source: AWS,
    asOf: '2025-06',
  }),
  offer({
    provider: 'aws',
    kind: 'hyperscaler',
    hardware: 'trainium2',
    instance: 'trn2.48xlarge',
    gpus: 16,
    region: 'us-virginia',
    instanceUsdPerHour: 44.7,
    estimated: true,
    source: `${AWS} (trn2.48xlarge, as reported)`,
    asOf: '2026-06',
  }),
  offer({
    provider: 'aws',
    kind: 'hyperscaler',
    hardware: 'inferentia2',
    instance: 'inf2.48xlarge',
    gpus: 12,
    region: 'us-virginia',
    instanceUsdPerHour: 12.98,
    source: AWS,
    asOf: '2026-06',
  }),
  offer({
    provider: 'aws',
    kind: 'hyperscaler',
    hardware: 'inferentia2',
    instance: 'inf2.xlarge',
    gpus: 1,
    region: 'us-virginia',
    instanceUsdPerHour: 0.7582,
    source: AWS,
    asOf: '2026-06',
  }),
  // ---- Azure ----
  ...commitments(
    {
      provider: 'azure',
      kind: 'hyperscaler',
      hardware: 'h100-sxm',
      instance: 'ND96isr_H100_v5',
      gpus: 8,
      region: 'us-virginia',
      instanceUsdPerHour: 98.32,
      source: AZURE,
      asOf: '2025-06',
    },
    { '1y': 0.7, '3y': 0.5 },
    AZURE_RI,
  ),
  offer({
    provider: 'azure',
    kind: 'hyperscaler',
    hardware: 'h100-sxm',
    instance: 'ND96isr_H100_v5',
    gpus: 8,
    region: 'us-virginia',
    commitment: 'spot',
    instanceUsdPerHour: 31.5,
    estimated: true,
    source: `${AZURE} (spot, typical level)`,
    asOf: '2026-03',
  }),
  offer({
    provider: 'azure',
    kind: 'hyperscaler',
    hardware: 'h200',
    instance: 'ND96isr_H200_v5',
    gpus: 8,
    region: 'us-virginia',
    instanceUsdPerHour: 84.8,
    estimated: true,
    source: `${AZURE} (as reported)`,
    asOf: '2025-06',
  }),
  offer({
    provider: 'azure',
    kind: 'hyperscaler',
    hardware: 'a100-sxm-80gb',
    instance: 'ND96amsr_A100_v4',
    gpus: 8,
    region: 'us-virginia',
    instanceUsdPerHour: 32.77,
    source: AZURE,
    asOf: '2025-06',
  }),
  offer({
    provider: 'azure',
    kind: 'hyperscaler',
    hardware: 'mi300x',
    instance: 'ND96isr_MI300X_v5',
    gpus: 8,
    region: 'us-virginia',
    instanceUsdPerHour: 48,
    estimated: true,
    source: `${AZURE} (as reported)`,
    asOf: '2025-06',
  }),
  // ---- Google Cloud ----
  ...commitments(
    {
      provider: 'gcp',
      kind: 'hyperscaler',
      hardware: 'h100-sxm',
      instance: 'a3-highgpu-8g',
      gpus: 8,
      region: 'us-oregon',
      instanceUsdPerHour: 88.25,
      estimated: true,
      source: `${GCP} (a3-highgpu-8g, as reported)`,
      asOf: '2025-06',
    },
    { '1y': 0.63, '3y': 0.45 },
    GCP_CUD,
  ),
  offer({
    provider: 'gcp',
    kind: 'hyperscaler',
    hardware: 'h100-sxm',
    instance: 'a3-highgpu-8g',
    gpus: 8,
    region: 'us-oregon',
    commitment: 'spot',
    instanceUsdPerHour: 18,
    estimated: true,
    source: `${GCP} (spot, typical level)`,
    asOf: '2026-03',
  }),
  offer({
    provider: 'gcp',
    kind: 'hyperscaler',
    hardware: 'a100-sxm-80gb',
    instance: 'a2-ultragpu-8g',
    gpus: 8,
    region: 'us-oregon',
    instanceUsdPerHour: 40.22,
    estimated: true,
    source: `${GCP} (as reported)`,
    asOf: '2025-06',
  }),
  offer({
    provider: 'gcp',
    kind: 'hyperscaler',
    hardware: 'l4',
    instance: 'g2-standard-4',
    gpus: 1,
    region: 'us-oregon',
    instanceUsdPerHour: 0.7068,
    estimated: true,
    source: `${GCP} (as reported)`,
    asOf: '2025-06',
  }),
  ...(['on-demand', '1y', '3y'] as const).map((commitment, i) =>
    offer({
      provider: 'gcp',
      kind: 'hyperscaler',
      hardware: 'tpu-v6e',
      instance: 'tpu-v6e',
      gpus: 1,
      region: 'us-oregon',
      commitment,
      instanceUsdPerHour: [2.7, 1.89, 1.22][i] as number,
      source: TPU,
      asOf: '2025-06',
    }),
  ),
  ...(['on-demand', '1y', '3y'] as const).map((commitment, i) =>
    offer({
      provider: 'gcp',
      kind: 'hyperscaler',
      hardware: 'tpu-v5e',
      instance: 'tpu-v5e',
      gpus: 1,
      region: 'us-oregon',
      commitment,
      instanceUsdPerHour: [1.2, 0.84, 0.54][i] as number,
      source: TPU,
      asOf: '2025-06',
    }),
  ),
  // ---- CoreWeave ----
  offer({
    provider: 'coreweave',
    kind: 'neocloud',
    hardware: 'h100-sxm',
    instance: 'HGX H100 8x',
    gpus: 8,
    region: 'us',
    instanceUsdPerHour: 49.24,
    source: COREWEAVE,
    asOf: '2025-06',
  }),
  offer({
    provider: 'coreweave',
    kind: 'neocloud',
    hardware: 'h200',
    instance: 'HGX H200 8x',
    gpus: 8,
    region: 'us',
    instanceUsdPerHour: 50.44,
    source: COREWEAVE,
    asOf: '2025-06',
  }),
  offer({
    provider: 'coreweave',
    kind: 'neocloud',
    hardware: 'b200',
    instance: 'HGX B200 8x',
    gpus: 8,
    region: 'us',
    instanceUsdPerHour: 68.8,
    source: COREWEAVE,
    asOf: '2025-06',
  }),
  offer({
    provider: 'coreweave',
    kind: 'neocloud',
    hardware: 'gb200',
    instance: 'GB200 NVL72 (4 GPUs)',
    gpus: 4,
    region: 'us',
    instanceUsdPerHour: 42,
    source: COREWEAVE,
    asOf: '2025-06',
  }),
  offer({
    provider: 'coreweave',
    kind: 'neocloud',
    hardware: 'a100-sxm-80gb',
    instance: 'HGX A100 8x',
    gpus: 8,
    region: 'us',
    instanceUsdPerHour: 21.6,
    source: COREWEAVE,
    asOf: '2025-06',
  }),
  offer({
    provider: 'coreweave',
    kind: 'neocloud',
    hardware: 'l40s',
    instance: 'L40S 8x',
    gpus: 8,
    region: 'us',
    instanceUsdPerHour: 18,
    source: COREWEAVE,
    asOf: '2025-06',
  }),
  offer({
    provider: 'coreweave',
    kind: 'neocloud',
    hardware: 'h100-sxm',
    instance: 'HGX H100 8x',
    gpus: 8,
    region: 'us',
    commitment: '1y',
    instanceUsdPerHour: 39.39,
    estimated: true,
    source: `${COREWEAVE}; 1y: reserved capacity ~20% below on-demand (as reported)`,
    asOf: '2026-03',
  }),
  // ---- Lambda ----
  offer({
    provider: 'lambda',
    kind: 'neocloud',
    hardware: 'h100-sxm',
    instance: '8x H100 SXM',
    gpus: 8,
    region: 'us',
    instanceUsdPerHour: 23.92,
    source: LAMBDA,
    asOf: '2025-06',
  }),
  offer({
    provider: 'lambda',
    kind: 'neocloud',
    hardware: 'b200',
    instance: '8x B200 SXM',
    gpus: 8,
    region: 'us',
    instanceUsdPerHour: 39.92,
    source: LAMBDA,
    asOf: '2025-06',
  }),
  offer({
    provider: 'lambda',
    kind: 'neocloud',
    hardware: 'a100-sxm-80gb',
    instance: '8x A100 SXM 80GB',
    gpus: 8,
    region: 'us',
    instanceUsdPerHour: 14.32,
    source: LAMBDA,
    asOf: '2025-06',
  }),
  offer({
    provider: 'lambda',
    kind: 'neocloud',
    hardware: 'h100-pcie',
    instance: '1x H100 PCIe',
    gpus: 1,
    region: 'us',
    instanceUsdPerHour: 2.49,
    source: LAMBDA,
    asOf: '2025-06',
  }),
  // ---- Crusoe ----
  offer({
    provider: 'crusoe',
    kind: 'neocloud',
    hardware: 'h100-sxm',
    instance: 'h100-80gb-sxm',
    gpus: 1,
    region: 'us',
    instanceUsdPerHour: 3.9,
    source: CRUSOE,
    asOf: '2025-06',
  }),
  offer({
    provider: 'crusoe',
    kind: 'neocloud',
    hardware: 'h200',
    instance: 'h200-141gb-sxm',
    gpus: 1,
    region: 'us',
    instanceUsdPerHour: 4.29,
    estimated: true,
    source: CRUSOE,
    asOf: '2025-06',
  }),
  offer({
    provider: 'crusoe',
    kind: 'neocloud',
    hardware: 'a100-sxm-80gb',
    instance: 'a100-80gb-sxm',
    gpus: 1,
    region: 'us',
    instanceUsdPerHour: 1.95,
    estimated: true,
    source: CRUSOE,
    asOf: '2025-06',
  }),
  offer({
    provider: 'crusoe',
    kind: 'neocloud',
    hardware: 'l40s',
    instance: 'l40s-48gb',
    gpus: 1,
    region: 'us',
    instanceUsdPerHour: 1.45,
    estimated: true,
    source: CRUSOE,
    asOf: '2025-06',
  }),
  offer({
    provider: 'crusoe',
    kind: 'neocloud',
    hardware: 'mi300x',
    instance: 'mi300x-192gb',
    gpus: 1,
    region: 'us',
    instanceUsdPerHour: 3.45,
    estimated: true,
    source: CRUSOE,
    asOf: '2025-06',
  }),
  offer({
    provider: 'crusoe',
    kind: 'neocloud',
    hardware: 'h100-sxm',
    instance: 'h100-80gb-sxm',
    gpus: 1,
    region: 'us',
    commitment: 'spot',
    instanceUsdPerHour: 1.6,
    estimated: true,
    source: `${CRUSOE} (spot)`,
    asOf: '2025-06',
  }),
  // ---- Modal (serverless) ----
  ...(
    [
      ['h100-sxm', 3.95],
      ['h200', 4.54],
      ['b200', 6.25],
      ['a100-sxm-80gb', 2.5],
      ['l40s', 1.95],
      ['l4', 0.8],
    ] as const
  ).map(([hardware, usd]) =>
    offer({
      provider: 'modal',
      kind: 'neocloud',
      hardware,
      instance: `serverless ${hardware}`,
      gpus: 1,
      region: 'us',
      instanceUsdPerHour: usd,
      source: MODAL,
      asOf: '2025-06',
    }),
  ),
  // ---- RunPod ----
  ...(
    [
      ['h100-sxm', 2.69, 2.39],
      ['h200', 3.99, undefined],
      ['b200', 5.99, undefined],
      ['a100-sxm-80gb', 1.49, 1.19],
      ['l40s', 0.86, 0.79],
      ['l4', 0.43, undefined],
      ['mi300x', 2.49, undefined],
      ['rtx-4090', 0.69, 0.34],
      ['rtx-5090', 0.89, 0.69],
    ] as const
  ).flatMap(([hardware, secure, community]) => [
    offer({
      provider: 'runpod',
      kind: 'marketplace',
      hardware,
      instance: `secure ${hardware}`,
      gpus: 1,
      region: 'global',
      instanceUsdPerHour: secure,
      estimated: true,
      source: RUNPOD,
      asOf: '2025-06',
    }),
    ...(community === undefined
      ? []
      : [
          offer({
            provider: 'runpod',
            kind: 'marketplace',
            hardware,
            instance: `community ${hardware}`,
            gpus: 1,
            region: 'global',
            instanceUsdPerHour: community,
            estimated: true,
            source: RUNPOD_COMMUNITY,
            asOf: '2025-06',
          }),
        ]),
  ]),
  // ---- Vast.ai ----
  ...(
    [
      ['h100-sxm', 1.87],
      ['h200', 2.6],
      ['b200', 3.9],
      ['a100-sxm-80gb', 0.95],
      ['l40s', 0.55],
      ['l4', 0.35],
      ['rtx-4090', 0.35],
      ['rtx-5090', 0.6],
    ] as const
  ).flatMap(([hardware, usd]) => [
    offer({
      provider: 'vast',
      kind: 'marketplace',
      hardware,
      instance: `${hardware}`,
      gpus: 1,
      region: 'global',
      instanceUsdPerHour: usd,
      estimated: true,
      source: VAST,
      asOf: '2026-03',
    }),
    offer({
      provider: 'vast',
      kind: 'marketplace',
      hardware,
      instance: `${hardware}`,
      gpus: 1,
      region: 'global',
      commitment: 'spot',
      instanceUsdPerHour: Math.round(usd * 0.6 * 100) / 100,
      estimated: true,
      source: `${VAST} (interruptible bids, typically ~40% below on-demand)`,
      asOf: '2026-03',
    }),
  ]),
];
