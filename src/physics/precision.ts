// Number formats: bytes per weight, and which compute format the hardware actually runs a precision in
// (a format without tensor-core support falls back to bf16 compute with weight-only dequantisation).
import type { Hardware, Precision } from '../catalog/schema.js';

/** Bytes per parameter or KV element at each precision. */
export const BYTES: Record<Precision, number> = {
  fp32: 4,
  bf16: 2,
  fp8: 1,
  int8: 1,
  int4: 0.5,
  fp4: 0.5,
  mxfp4: 0.5,
};

/**
 * Quantisation scales per parameter: int4 (AWQ/GPTQ, group 128, fp16 scale + zero) ≈ 1/32 B;
 * NVFP4 (block 16, fp8 scale) = 1/16 B; MXFP4 (OCP microscaling: block 32, one e8m0 scale byte) = 1/32 B.
 * fp8/int8 use per-channel scales (negligible).
 */
export const SCALE_BYTES: Record<Precision, number> = {
  fp32: 0,
  bf16: 0,
  fp8: 0,
  int8: 0,
  int4: 1 / 32,
  fp4: 1 / 16,
  mxfp4: 1 / 32,
};

export interface ComputeFormat {
  /** Format the matmuls run in. */
  compute: Precision;
  /** Dense peak TFLOP/s (TOPS) of one device in that format. */
  tflops: number;
  /** Weights are stored narrower than the compute format and dequantised in the kernel. */
  weightOnly: boolean;
}

/**
 * The compute format for weights at `p` on `hw`. int4 is always weight-only (W4A16): mainstream engines
 * do not run W4A4 on int4 tensor cores. fp8/int8/fp4 use their tensor cores where the device has them.
 */
export function computeFormat(hw: Hardware, p: Precision): ComputeFormat {
  const t = hw.tflops;
  const bf16 = { compute: 'bf16' as const, tflops: t.bf16 };
  switch (p) {
    case 'fp32':
      return { compute: 'fp32', tflops: t.bf16 / 2, weightOnly: false };
    case 'bf16':
      return { ...bf16, weightOnly: false };
    case 'fp8':
      return t.fp8 ? { compute: 'fp8', tflops: t.fp8, weightOnly: false } : { ...bf16, weightOnly: true };
    case 'int8':
      return t.int8 ? { compute: 'int8', tflops: t.int8, weightOnly: false } : { ...bf16, weightOnly: true };
    case 'fp4':
      return t.fp4 ? { compute: 'fp4', tflops: t.fp4, weightOnly: false } : { ...bf16, weightOnly: true };
    case 'mxfp4':
      // Blackwell runs MXFP4 on its FP4 tensor cores; Hopper and older dequantise in the kernel (W4A16).
      return t.fp4 ? { compute: 'fp4', tflops: t.fp4, weightOnly: false } : { ...bf16, weightOnly: true };
    case 'int4':
      return { ...bf16, weightOnly: true };
  }
}

/** KV-cache precision default: fp8 when the weights are fp8/fp4, else bf16. */
export function defaultKvPrecision(p: Precision): Precision {
  return p === 'fp8' || p === 'fp4' ? 'fp8' : p === 'fp32' ? 'fp32' : 'bf16';
}
