// Accelerator specs (dense peak figures) and prices by tier. Starting point:
// ../shared/calibration/hardware-specs.csv (vendor datasheets).
import type { HardwareInput } from '../schema.js';

export const HARDWARE: HardwareInput[] = [
  {
    id: 'h100-sxm',
    name: 'NVIDIA H100 SXM5 80GB',
    vendor: 'NVIDIA',
    aliases: ['h100', 'H100 SXM5 80GB', 'H100-SXM-80GB'],
    kind: 'datacenter',
    memoryGB: 80,
    bandwidthGBs: 3350,
    tflops: { bf16: 989, fp8: 1979, int8: 1979 },
    interconnect: { kind: 'nvlink', bandwidthGBs: 450, maxGroup: 8 },
    tdpW: 700,
    prices: { hyperscalerPerHour: 6.88, marketplacePerHour: 2.0, purchaseUsd: 30000 },
    source: 'https://www.nvidia.com/en-us/data-center/h100/',
    asOf: '2025-06',
  },
];
