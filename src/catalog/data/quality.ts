// Quality scores for the planner's cost–quality trade: MMLU-Pro accuracy (%), one benchmark for every model
// so scores compare (TIGER-Lab's MMLU-Pro: 12,000 ten-option questions; 5-shot chain of thought). Open-weight
// scores belong to the facts id, so hosted copies (Together, Groq, ...) and self-hosted deployments share
// them. Sources: the model cards (self-reported by the developer) and the TIGER-Lab leaderboard. Figures
// marked `estimated` are third-party or recalled figures not confirmed on their source here; a model
// without a score is shown as unknown and never passes a quality floor. A different precision than the
// card's (fp8, int4) is not modelled (fp8 costs well under a point on these benchmarks; int4 can cost more).
import type { QualityInput } from '../schema.js';

const TIGER = 'TIGER-Lab MMLU-Pro leaderboard (huggingface.co/spaces/TIGER-Lab/MMLU-Pro)';
const card = (repo: string): string => `model card, https://huggingface.co/${repo}`;
const AA = 'Artificial Analysis MMLU-Pro (artificialanalysis.ai), third-party run';

const q = (id: string, score: number, source: string, asOf: string, estimated = false): QualityInput => ({
  id,
  score,
  benchmark: 'MMLU-Pro',
  source,
  asOf,
  estimated,
});

export const QUALITY: QualityInput[] = [
  // Open weights (facts ids)
  q('llama-3.1-8b', 48.3, card('meta-llama/Llama-3.1-8B-Instruct'), '2024-07'),
  q('llama-3.1-70b', 66.4, card('meta-llama/Llama-3.1-70B-Instruct'), '2024-07'),
  q('llama-3.1-405b', 73.3, card('meta-llama/Llama-3.1-405B-Instruct'), '2024-07'),
  q('llama-3.3-70b', 68.9, card('meta-llama/Llama-3.3-70B-Instruct'), '2024-12'),
  q('llama-4-scout', 74.3, card('meta-llama/Llama-4-Scout-17B-16E-Instruct'), '2025-04'),
  q('llama-4-maverick', 80.5, card('meta-llama/Llama-4-Maverick-17B-128E-Instruct'), '2025-04'),
  q('mistral-7b', 30.9, TIGER, '2024-06', true),
  q('mixtral-8x7b', 43.3, TIGER, '2024-06', true),
  q('qwen2.5-7b', 56.3, card('Qwen/Qwen2.5-7B-Instruct'), '2024-09'),
  q('qwen2.5-72b', 71.1, card('Qwen/Qwen2.5-72B-Instruct'), '2024-09'),
  q('qwen3-32b', 68.7, AA, '2025-06', true),
  q('qwen3-30b-a3b', 78.4, card('Qwen/Qwen3-30B-A3B-Instruct-2507'), '2025-07'),
  q('qwen3-235b-a22b', 83.0, card('Qwen/Qwen3-235B-A22B-Instruct-2507'), '2025-07'),
  q('gemma-3-27b', 67.5, card('google/gemma-3-27b-it'), '2025-03'),
  q('deepseek-v3', 75.9, card('deepseek-ai/DeepSeek-V3'), '2024-12'),
  q('deepseek-r1', 84.0, card('deepseek-ai/DeepSeek-R1'), '2025-01'),
  q('gpt-oss-120b', 80.8, AA, '2025-08', true),
  q('gpt-oss-20b', 74.8, AA, '2025-08', true),
  // API models
  q('gpt-4o', 72.6, TIGER, '2024-06'),
  q('gpt-4o-mini', 63.1, TIGER, '2024-08'),
  q('gpt-4.1', 80.6, AA, '2025-04', true),
  q('gpt-4.1-mini', 78.1, AA, '2025-04', true),
  q('gpt-4.1-nano', 65.7, AA, '2025-04', true),
  q('o3', 85.3, AA, '2025-04', true),
  q('gpt-5', 87.1, AA, '2025-08', true),
  q('gpt-5-mini', 83.7, AA, '2025-08', true),
  q('gpt-5-nano', 77.2, AA, '2025-08', true),
  q('claude-haiku-4-5', 80.0, AA, '2025-10', true),
  q('claude-3-5-haiku', 63.4, AA, '2024-11', true),
  q('claude-sonnet-4-5', 87.5, AA, '2025-09', true),
  q('gemini-2.5-pro', 86.2, AA, '2025-06', true),
  q('gemini-2.5-flash', 80.9, AA, '2025-06', true),
  q('gemini-2.5-flash-lite', 72.4, AA, '2025-06', true),
  q('gemini-2.0-flash', 77.6, 'Gemini 2.0 Flash model card (Google, 2025-02)', '2025-02'),
  q('deepseek-flash', 81.0, AA, '2026-10', true),
  q('mistral-large', 69.7, AA, '2024-11', true),
  q('mistral-small', 69.1, card('mistralai/Mistral-Small-3.2-24B-Instruct-2506'), '2025-06', true),
];
