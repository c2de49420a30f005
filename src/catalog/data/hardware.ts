// Accelerator specs (dense peak figures, never "with sparsity") and prices by tier. Starting point:
// ../shared/calibration/hardware-specs.csv (vendor datasheets); prices are dated list figures or estimates,
// marked as such in `source`. Interconnect bandwidth is per device, one direction.
import type { HardwareInput } from '../schema.js';

const NV = 'NVIDIA';

/**
 * Embodied emissions from NVIDIA's product carbon footprint (PCF) summaries as compared in NVIDIA's
 * "HGX B200 reduces embodied carbon emissions intensity" (developer blog, 2025): 0.66 g CO2e per exaFLOP of
 * FP16 compute for HGX H100, 0.50 for HGX B200. Per device-hour that is intensity × dense FP16 peak × 3600 s;
 * it is stored as kg per device over a 6-year life (the figure per hour is what the meter uses, so the life
 * assumption cancels). The HGX baseboard only: the host server's share is not included (a lower bound).
 */
const PCF_SRC =
  'NVIDIA developer blog "NVIDIA HGX B200 Reduces Embodied Carbon Emissions Intensity" (HGX PCF summaries)';
const pcf = (gPerExaflop: number, fp16Tflops: number, note = ''): HardwareInput['embodied'] => ({
  kgCo2ePerDevice: Math.round((gPerExaflop * fp16Tflops * 3600 * 6 * 8760) / 1e6 / 1000),
  lifetimeYears: 6,
  source: `${PCF_SRC}: ${gPerExaflop} g CO2e/EFLOP × ${fp16Tflops} TFLOPS dense FP16${note}`,
});

export const HARDWARE: HardwareInput[] = [
  {
    id: 'h100-sxm',
    name: 'NVIDIA H100 SXM5 80GB',
    vendor: NV,
    aliases: ['h100', 'H100 SXM5 80GB', 'H100-SXM-80GB', 'h100-sxm5', 'h100-80gb', 'nvidia-h100'],
    kind: 'datacenter',
    memoryGB: 80,
    bandwidthGBs: 3350,
    tflops: { bf16: 989, fp8: 1979, int8: 1979 },
    interconnect: { kind: 'nvlink', bandwidthGBs: 450, maxGroup: 8 },
    tdpW: 700,
    prices: { hyperscalerPerHour: 6.88, marketplacePerHour: 2.0, purchaseUsd: 30000 },
    embodied: pcf(0.66, 989),
    source:
      'https://www.nvidia.com/en-us/data-center/h100/ (datasheet, dense = sparse/2); hyperscaler: AWS p5.48xlarge ' +
      'after the Jun-2025 price cut ($55.04/h / 8); marketplace: Vast/RunPod/Lambda range 1.5-2.99; purchase: ' +
      'street-price estimate',
    asOf: '2025-06',
  },
  {
    id: 'h100-pcie',
    name: 'NVIDIA H100 PCIe 80GB',
    vendor: NV,
    aliases: ['H100 PCIe 80GB', 'H100-PCIe-80GB', 'h100-pcie-80gb'],
    kind: 'datacenter',
    memoryGB: 80,
    bandwidthGBs: 2000,
    tflops: { bf16: 756, fp8: 1513, int8: 1513 },
    interconnect: { kind: 'nvlink', bandwidthGBs: 300, maxGroup: 2 },
    tdpW: 350,
    // GH100 at the PCIe card's rated clocks (1,513 / 1,979 = 0.765): 210 W + 490 W × 0.765³ = 429 W asked for.
    fullClockPowerW: 429,
    prices: { marketplacePerHour: 2.49, purchaseUsd: 25000 },
    source:
      'https://www.nvidia.com/en-us/data-center/h100/ (PCIe: NVLink bridge 600 GB/s bidirectional, pairs); ' +
      'marketplace: Lambda H100 PCIe $2.49/h; purchase: estimate',
    asOf: '2025-06',
  },
  {
    id: 'h100-nvl',
    name: 'NVIDIA H100 NVL 94GB',
    vendor: NV,
    aliases: ['H100 NVL 94GB', 'H100-NVL-94GB', 'h100-nvl-94gb'],
    kind: 'datacenter',
    memoryGB: 94,
    bandwidthGBs: 3900,
    tflops: { bf16: 835, fp8: 1671, int8: 1671 },
    interconnect: { kind: 'nvlink', bandwidthGBs: 300, maxGroup: 2 },
    tdpW: 400,
    // The SXM5 part's GH100 die at the NVL's rated clocks (1,671 / 1,979 TFLOPS = 0.844): 30% idle + the SXM's
    // 490 W dynamic range × 0.844³ (DVFS: power ∝ f³) = 505 W asked for; the 400 W limit lowers the clock.
    fullClockPowerW: 505,
    prices: { marketplacePerHour: 2.6, purchaseUsd: 28000 },
    source:
      'https://www.nvidia.com/en-us/data-center/h100/ (NVL: dense = half of sparse; NVLink bridge 600 GB/s, pairs); ' +
      'prices: estimates',
    asOf: '2025-06',
  },
  {
    id: 'h200',
    name: 'NVIDIA H200 SXM 141GB',
    vendor: NV,
    aliases: ['h200-sxm', 'H200 SXM 141GB', 'H200-SXM-141GB', 'h200-141gb', 'nvidia-h200'],
    kind: 'datacenter',
    memoryGB: 141,
    bandwidthGBs: 4800,
    tflops: { bf16: 989, fp8: 1979, int8: 1979 },
    interconnect: { kind: 'nvlink', bandwidthGBs: 450, maxGroup: 8 },
    tdpW: 700,
    prices: { hyperscalerPerHour: 10.6, marketplacePerHour: 3.5, purchaseUsd: 35000 },
    embodied: pcf(0.66, 989, ' (the H100 figure: same die, more HBM; estimate)'),
    source:
      'https://www.nvidia.com/en-us/data-center/h200/; hyperscaler: estimate between AWS p5e list (~$13.4/GPU-h) and ' +
      'Capacity Blocks ($5.41/GPU-h); marketplace: neocloud low end (csv 3.5-5.4); purchase: estimate',
    asOf: '2025-06',
  },
  {
    id: 'h800',
    name: 'NVIDIA H800 SXM 80GB',
    vendor: NV,
    aliases: ['H800', 'H800-SXM-80GB', 'h800-sxm'],
    kind: 'datacenter',
    memoryGB: 80,
    bandwidthGBs: 3350,
    tflops: { bf16: 989, fp8: 1979, int8: 1979 },
    interconnect: { kind: 'nvlink', bandwidthGBs: 200, maxGroup: 8 },
    tdpW: 700,
    prices: { marketplacePerHour: 2.0 },
    source:
      'H100 SXM compute with NVLink cut to 400 GB/s bidirectional (DeepSeek-V3 technical report, arXiv 2412.19437, ' +
      'which also assumes $2/GPU-hour rental)',
    asOf: '2024-12',
  },
  {
    id: 'b200',
    name: 'NVIDIA B200 180GB (HGX/DGX B200)',
    vendor: NV,
    aliases: ['B200', 'B200-SXM-180GB', 'B200 180GB', 'hgx-b200', 'dgx-b200', 'b200-180gb'],
    kind: 'datacenter',
    memoryGB: 180,
    bandwidthGBs: 8000,
    tflops: { bf16: 2250, fp8: 4500, int8: 4500, fp4: 9000 },
    interconnect: { kind: 'nvlink', bandwidthGBs: 900, maxGroup: 8 },
    tdpW: 1000,
    prices: { hyperscalerPerHour: 14.24, marketplacePerHour: 5.0, purchaseUsd: 45000 },
    embodied: pcf(0.5, 2250),
    source:
      'https://www.nvidia.com/en-us/data-center/hgx/ (HGX B200, dense = sparse/2; NVLink5 1.8 TB/s bidirectional); ' +
      'hyperscaler: AWS p6-b200.48xlarge $113.93/h / 8; marketplace: neocloud estimate (csv 5-7); purchase: estimate',
    asOf: '2025-06',
  },
  {
    id: 'gb200',
    name: 'NVIDIA GB200 (per Blackwell GPU, NVL72)',
    vendor: NV,
    aliases: ['GB200 NVL72', 'gb200-nvl72', 'GB200'],
    kind: 'datacenter',
    memoryGB: 186,
    bandwidthGBs: 8000,
    tflops: { bf16: 2500, fp8: 5000, int8: 5000, fp4: 10000 },
    interconnect: { kind: 'nvlink', bandwidthGBs: 900, maxGroup: 72 },
    tdpW: 1200,
    prices: { marketplacePerHour: 10.5, purchaseUsd: 42000 },
    source:
      'https://www.nvidia.com/en-us/data-center/gb200-nvl72/ (rack totals / 72: 13.4 TB HBM3e, 360 PF BF16 sparse); ' +
      'power: 2.7 kW per 2-GPU superchip incl. Grace; prices: CoreWeave GB200 NVL72 ~$42/h per 4 GPUs, ~$3M rack ' +
      '(estimates)',
    asOf: '2025-06',
  },
  {
    id: 'a100-sxm-80gb',
    name: 'NVIDIA A100 SXM4 80GB',
    vendor: NV,
    aliases: ['a100', 'a100-80gb', 'A100 SXM4 80GB', 'A100-SXM4-80GB', 'A100-SXM-80GB', 'a100-sxm'],
    kind: 'datacenter',
    memoryGB: 80,
    bandwidthGBs: 2039,
    tflops: { bf16: 312, int8: 624, int4: 1248 },
    interconnect: { kind: 'nvlink', bandwidthGBs: 300, maxGroup: 8 },
    tdpW: 400,
    prices: { hyperscalerPerHour: 5.12, marketplacePerHour: 1.2, purchaseUsd: 15000 },
    embodied: {
      kgCo2ePerDevice: 318,
      lifetimeYears: 5,
      source:
        'Chien et al., "Reducing the Carbon Impact of Generative AI Inference", HotCarbon 2023: 318 kg CO2e per ' +
        'A100 including its share of the server (CPU, DRAM, storage); 5-year life assumed',
    },
    source:
      'https://www.nvidia.com/en-us/data-center/a100/ (no FP8); hyperscaler: AWS p4de.24xlarge $40.97/h / 8; ' +
      'marketplace: csv 0.8-1.79; purchase: estimate',
    asOf: '2025-06',
  },
  {
    id: 'a100-sxm-40gb',
    name: 'NVIDIA A100 SXM4 40GB',
    vendor: NV,
    aliases: ['a100-40gb', 'A100 SXM4 40GB', 'A100-SXM4-40GB', 'A100-SXM-40GB'],
    kind: 'datacenter',
    memoryGB: 40,
    bandwidthGBs: 1555,
    tflops: { bf16: 312, int8: 624, int4: 1248 },
    interconnect: { kind: 'nvlink', bandwidthGBs: 300, maxGroup: 8 },
    tdpW: 400,
    prices: { hyperscalerPerHour: 4.1, marketplacePerHour: 1.0, purchaseUsd: 10000 },
    source:
      'https://www.nvidia.com/en-us/data-center/a100/; hyperscaler: AWS p4d.24xlarge $32.77/h / 8; ' +
      'marketplace and purchase: estimates',
    asOf: '2025-06',
  },
  {
    id: 'a100-pcie-80gb',
    name: 'NVIDIA A100 PCIe 80GB',
    vendor: NV,
    aliases: ['A100 PCIe 80GB', 'A100-PCIe-80GB', 'a100-pcie'],
    kind: 'datacenter',
    memoryGB: 80,
    bandwidthGBs: 1935,
    tflops: { bf16: 312, int8: 624, int4: 1248 },
    interconnect: { kind: 'nvlink', bandwidthGBs: 300, maxGroup: 2 },
    tdpW: 300,
    prices: { marketplacePerHour: 1.1, purchaseUsd: 12000 },
    source:
      'https://www.nvidia.com/en-us/data-center/a100/ (PCIe, NVLink bridge 600 GB/s bidirectional, pairs); ' +
      'prices: estimates',
    asOf: '2025-06',
  },
  {
    id: 'l40s',
    name: 'NVIDIA L40S 48GB',
    vendor: NV,
    aliases: ['L40S', 'L40S 48GB', 'L40S-48GB'],
    kind: 'datacenter',
    memoryGB: 48,
    bandwidthGBs: 864,
    tflops: { bf16: 362, fp8: 733, int8: 733, int4: 733 },
    interconnect: { kind: 'pcie', bandwidthGBs: 32, maxGroup: 8 },
    tdpW: 350,
    prices: { hyperscalerPerHour: 1.861, marketplacePerHour: 0.9, purchaseUsd: 8000 },
    source:
      'https://www.nvidia.com/en-us/data-center/l40s/ (dense; PCIe Gen4 only); hyperscaler: AWS g6e.xlarge ' +
      '$1.861/h us-east-1; marketplace and purchase: estimates',
    asOf: '2025-06',
  },
  {
    id: 'l4',
    name: 'NVIDIA L4 24GB',
    vendor: NV,
    aliases: ['L4', 'L4 24GB', 'L4-24GB'],
    kind: 'datacenter',
    memoryGB: 24,
    bandwidthGBs: 300,
    tflops: { bf16: 121, fp8: 242, int8: 242 },
    interconnect: { kind: 'pcie', bandwidthGBs: 32, maxGroup: 8 },
    tdpW: 72,
    prices: { hyperscalerPerHour: 0.805, marketplacePerHour: 0.4, purchaseUsd: 2500 },
    source:
      'https://www.nvidia.com/en-us/data-center/l4/ (dense = sparse/2); hyperscaler: AWS g6.xlarge $0.805/h; ' +
      'marketplace and purchase: estimates',
    asOf: '2025-06',
  },
  {
    id: 'a10g',
    name: 'NVIDIA A10G 24GB (AWS)',
    vendor: NV,
    aliases: ['A10G', 'A10G 24GB', 'A10G-24GB', 'a10g-24gb'],
    kind: 'datacenter',
    memoryGB: 24,
    bandwidthGBs: 600,
    tflops: { bf16: 70, int8: 140 },
    interconnect: { kind: 'pcie', bandwidthGBs: 32, maxGroup: 8 },
    tdpW: 300,
    prices: { hyperscalerPerHour: 1.006 },
    source:
      'cli99/llm-analysis gpu_configs/a10g-pcie-24gb.json (no public NVIDIA datasheet; low confidence); ' +
      'hyperscaler: AWS g5.xlarge $1.006/h us-east-1',
    asOf: '2025-06',
  },
  {
    id: 'rtx-4090',
    name: 'NVIDIA GeForce RTX 4090 24GB',
    vendor: NV,
    aliases: ['RTX 4090', 'RTX 4090 24GB', 'rtx4090', 'geforce-rtx-4090', '4090'],
    kind: 'workstation',
    memoryGB: 24,
    bandwidthGBs: 1008,
    tflops: { bf16: 165.2, fp8: 330.3, int8: 660.6, int4: 1321.2 },
    interconnect: { kind: 'pcie', bandwidthGBs: 32, maxGroup: 8 },
    tdpW: 450,
    prices: { marketplacePerHour: 0.4, purchaseUsd: 1599 },
    source:
      'NVIDIA Ada Lovelace architecture whitepaper v2.1 (RTX 4090: BF16 with FP32 accumulate 165.2 dense); ' +
      'purchase: launch MSRP $1,599; marketplace: Vast/RunPod typical (estimate)',
    asOf: '2025-06',
  },
  {
    id: 'rtx-5090',
    name: 'NVIDIA GeForce RTX 5090 32GB',
    vendor: NV,
    aliases: ['RTX 5090', 'RTX 5090 32GB', 'rtx5090', 'geforce-rtx-5090', '5090'],
    kind: 'workstation',
    memoryGB: 32,
    bandwidthGBs: 1792,
    tflops: { bf16: 209.5, fp8: 419, int8: 838, fp4: 1676 },
    interconnect: { kind: 'pcie', bandwidthGBs: 64, maxGroup: 8 },
    tdpW: 575,
    prices: { marketplacePerHour: 0.7, purchaseUsd: 1999 },
    source:
      'NVIDIA RTX Blackwell GPU architecture whitepaper (RTX 5090: 3352 AI TOPS FP4 sparse; BF16 with FP32 ' +
      'accumulate dense); purchase: launch MSRP $1,999; marketplace: estimate',
    asOf: '2025-06',
  },
  {
    id: 'mi300x',
    name: 'AMD Instinct MI300X 192GB',
    vendor: 'AMD',
    aliases: ['MI300X', 'MI300X 192GB', 'AMD MI300X-192GB', 'MI300X-192GB', 'amd-mi300x', 'instinct-mi300x'],
    kind: 'datacenter',
    memoryGB: 192,
    bandwidthGBs: 5300,
    tflops: { bf16: 1307.4, fp8: 2614.9, int8: 2614.9 },
    interconnect: { kind: 'infinity-fabric', bandwidthGBs: 448, maxGroup: 8 },
    tdpW: 750,
    prices: { hyperscalerPerHour: 6.0, marketplacePerHour: 2.0, purchaseUsd: 15000 },
    source:
      'https://www.amd.com/en/products/accelerators/instinct/mi300/mi300x.html (896 GB/s aggregate Infinity ' +
      'Fabric, 7 links); prices: estimates (csv: neocloud 2-4, hyperscaler ~6, unverified)',
    asOf: '2025-06',
  },
  {
    id: 'mi325x',
    name: 'AMD Instinct MI325X 256GB',
    vendor: 'AMD',
    aliases: ['MI325X', 'MI325X 256GB', 'AMD MI325X-256GB', 'MI325X-256GB', 'amd-mi325x'],
    kind: 'datacenter',
    memoryGB: 256,
    bandwidthGBs: 6000,
    tflops: { bf16: 1307.4, fp8: 2614.9, int8: 2614.9 },
    interconnect: { kind: 'infinity-fabric', bandwidthGBs: 448, maxGroup: 8 },
    tdpW: 1000,
    prices: { marketplacePerHour: 2.5, purchaseUsd: 20000 },
    source: 'https://www.amd.com/en/products/accelerators/instinct/mi300/mi325x.html; prices: estimates',
    asOf: '2025-06',
  },
  {
    id: 'mi355x',
    name: 'AMD Instinct MI355X 288GB',
    vendor: 'AMD',
    aliases: ['MI355X', 'MI355X 288GB', 'AMD MI355X-288GB', 'amd-mi355x'],
    kind: 'datacenter',
    memoryGB: 288,
    bandwidthGBs: 8000,
    tflops: { bf16: 2500, fp8: 5000, int8: 5000, fp4: 10000 },
    interconnect: { kind: 'infinity-fabric', bandwidthGBs: 538, maxGroup: 8 },
    tdpW: 1400,
    prices: { purchaseUsd: 25000 },
    source:
      'https://www.amd.com/en/products/accelerators/instinct/mi350/mi355x.html (dense figures); purchase: estimate',
    asOf: '2025-06',
  },
  {
    id: 'gaudi3',
    name: 'Intel Gaudi 3 128GB',
    vendor: 'Intel',
    aliases: ['Gaudi 3', 'Gaudi3', 'Gaudi 3 128GB', 'intel-gaudi3', 'HL-325L'],
    kind: 'datacenter',
    memoryGB: 128,
    bandwidthGBs: 3700,
    tflops: { bf16: 1835, fp8: 1835 },
    interconnect: { kind: 'ethernet', bandwidthGBs: 525, maxGroup: 8 },
    tdpW: 900,
    prices: { purchaseUsd: 15625 },
    source:
      'Intel Gaudi 3 AI accelerator white paper (24x 200GbE RoCE, 21 for scale-up); purchase: Intel Computex 2024 ' +
      'kit price $125,000 per 8 accelerators',
    asOf: '2024-06',
  },
  {
    id: 'gaudi2',
    name: 'Intel Gaudi 2 96GB',
    vendor: 'Intel',
    aliases: ['Gaudi 2', 'Gaudi2', 'Intel Gaudi2 (HLS-Gaudi2)', 'Intel Gaudi2', 'HLS-Gaudi2', 'intel-gaudi2'],
    kind: 'datacenter',
    memoryGB: 96,
    bandwidthGBs: 2460,
    tflops: { bf16: 432, fp8: 865 },
    interconnect: { kind: 'ethernet', bandwidthGBs: 262, maxGroup: 8 },
    tdpW: 600,
    prices: { purchaseUsd: 8125 },
    source:
      'Intel Gaudi 2 product brief (96 GB HBM2e 2.46 TB/s, 24x 100GbE RoCE, 21 for scale-up); purchase: Intel ' +
      'Computex 2024 kit price $65,000 per 8 accelerators',
    asOf: '2024-06',
  },
  {
    id: 'tpu-v5e',
    name: 'Google TPU v5e',
    vendor: 'Google',
    aliases: ['TPU v5e', 'tpuv5e', 'v5e', 'tpu-v5-lite'],
    kind: 'datacenter',
    memoryGB: 16,
    bandwidthGBs: 819,
    tflops: { bf16: 197, int8: 394 },
    interconnect: { kind: 'ici', bandwidthGBs: 200, maxGroup: 256 },
    tdpW: 200,
    prices: { hyperscalerPerHour: 1.2 },
    source:
      'https://cloud.google.com/tpu/docs/v5e (ICI 1,600 Gbps per chip); https://cloud.google.com/tpu/pricing ' +
      '($1.20/chip-h on demand); power not published: 200 W is an estimate',
    asOf: '2025-06',
  },
  {
    id: 'tpu-v6e',
    name: 'Google TPU v6e (Trillium)',
    vendor: 'Google',
    aliases: ['TPU v6e', 'tpuv6e', 'v6e', 'trillium', 'TPU v6e (Trillium)'],
    kind: 'datacenter',
    memoryGB: 32,
    bandwidthGBs: 1640,
    tflops: { bf16: 918, int8: 1836 },
    interconnect: { kind: 'ici', bandwidthGBs: 448, maxGroup: 256 },
    tdpW: 300,
    prices: { hyperscalerPerHour: 2.7 },
    source:
      'https://cloud.google.com/tpu/docs/v6e (ICI 3,584 Gbps per chip); https://cloud.google.com/tpu/pricing ' +
      '($2.70/chip-h on demand); power not published: 300 W is an estimate',
    asOf: '2025-06',
  },
  {
    id: 'trainium2',
    name: 'AWS Trainium2 (trn2, 96GB)',
    vendor: 'AWS',
    aliases: ['Trainium2', 'trn2', 'aws-trainium2', 'trn2.48xlarge'],
    kind: 'datacenter',
    memoryGB: 96,
    bandwidthGBs: 2900,
    tflops: { bf16: 667, fp8: 1299 },
    interconnect: { kind: 'ethernet', bandwidthGBs: 640, maxGroup: 16 },
    tdpW: 500,
    prices: { hyperscalerPerHour: 2.79 },
    source:
      'https://aws.amazon.com/ai/machine-learning/trainium/ (Trainium2: 96 GiB HBM, 2.9 TB/s, 667 TFLOPS BF16 and ' +
      '1,299 TFLOPS FP8 dense; NeuronLink-v3 1.28 TB/s per chip, 16 chips per trn2.48xlarge); power is not ' +
      'published: 500 W is an estimate; price: trn2.48xlarge on-demand $44.70/h ÷ 16 (estimate, see offers)',
    asOf: '2026-06',
  },
  {
    id: 'inferentia2',
    name: 'AWS Inferentia2 (inf2, 32GB)',
    vendor: 'AWS',
    aliases: ['Inferentia2', 'inf2', 'aws-inferentia2', 'inf2.48xlarge'],
    kind: 'datacenter',
    memoryGB: 32,
    bandwidthGBs: 820,
    tflops: { bf16: 190, fp8: 190, int8: 380 },
    interconnect: { kind: 'ethernet', bandwidthGBs: 96, maxGroup: 12 },
    tdpW: 175,
    prices: { hyperscalerPerHour: 1.08 },
    source:
      'https://aws.amazon.com/ai/machine-learning/inferentia/ (Inferentia2: 32 GB HBM, 820 GB/s, 190 TFLOPS FP16/BF16; ' +
      'NeuronLink 192 GB/s ring, 12 chips per inf2.48xlarge); power not published: 175 W is an estimate; ' +
      'price: inf2.48xlarge on-demand $12.98/h ÷ 12',
    asOf: '2026-06',
  },
  {
    id: 'apple-m2-ultra',
    name: 'Apple M2 Ultra (Mac Studio, 192GB)',
    vendor: 'Apple',
    aliases: ['M2 Ultra', 'Apple M2 Ultra', 'Apple M2 Ultra (Mac Studio)', 'm2-ultra'],
    kind: 'workstation',
    memoryGB: 192,
    bandwidthGBs: 800,
    tflops: { bf16: 27 },
    interconnect: { kind: 'unified', bandwidthGBs: 800, maxGroup: 1 },
    tdpW: 295,
    idleW: 10,
    prices: { purchaseUsd: 5599 },
    source:
      'https://www.apple.com/mac-studio/specs/ (M2 Ultra 800 GB/s, up to 192 GB, 295 W max system power); GPU FP16 ' +
      '~27 TFLOPS (non-tensor, estimate); purchase: 192 GB configuration list price',
    asOf: '2023-06',
  },
  {
    id: 'apple-m3-ultra',
    name: 'Apple M3 Ultra (Mac Studio, 512GB)',
    vendor: 'Apple',
    aliases: ['M3 Ultra', 'Apple M3 Ultra', 'm3-ultra'],
    kind: 'workstation',
    memoryGB: 512,
    bandwidthGBs: 819,
    tflops: { bf16: 28 },
    interconnect: { kind: 'unified', bandwidthGBs: 819, maxGroup: 1 },
    tdpW: 480,
    idleW: 10,
    prices: { purchaseUsd: 9499 },
    source:
      'https://www.apple.com/mac-studio/specs/ (M3 Ultra 819 GB/s, up to 512 GB, 480 W max continuous power); GPU ' +
      'FP16 ~28 TFLOPS (80-core, estimate); purchase: 512 GB configuration list price',
    asOf: '2025-03',
  },
  {
    id: 'jetson-agx-orin',
    name: 'NVIDIA Jetson AGX Orin 64GB',
    vendor: NV,
    aliases: ['Jetson AGX Orin', 'jetson-orin', 'agx-orin', 'Jetson AGX Orin 64GB'],
    kind: 'edge',
    memoryGB: 64,
    bandwidthGBs: 204.8,
    tflops: { bf16: 42.5, int8: 85 },
    interconnect: { kind: 'unified', bandwidthGBs: 204.8, maxGroup: 1 },
    tdpW: 60,
    idleW: 8,
    prices: { purchaseUsd: 1999 },
    source:
      'https://www.nvidia.com/en-us/autonomous-machines/embedded-systems/jetson-orin/ (GPU 170 sparse INT8 TOPS, ' +
      '204.8 GB/s, 15-60 W); purchase: developer kit list price',
    asOf: '2024-06',
  },
];
