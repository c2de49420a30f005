// Usage spread across subscribers: how much of the usage (and so of the variable cost) the heaviest 5% of
// users account for, from a lognormal (given σ, or fitted through p50/p90) or explicit segments.
import { lognormalTopShare } from '../stats.js';
import type { Pricing } from '../workload/schema.js';

type Subscription = Extract<Pricing, { model: 'subscription' }>;

const Z90 = 1.2815515655446004;

/** Share of all usage from the heaviest `top` fraction of users (0..1). */
export function topUsageShare(p: Subscription, top = 0.05): number {
  const u = p.usage;
  if ('lognormalSigma' in u) return lognormalTopShare(u.lognormalSigma, top);
  if ('p50' in u) return lognormalTopShare(u.p90 > u.p50 ? Math.log(u.p90 / u.p50) / Z90 : 0, top);
  const segs = [...u.segments].sort((a, b) => b.queries - a.queries);
  const totalUsers = segs.reduce((s, x) => s + x.userShare, 0);
  const totalUse = segs.reduce((s, x) => s + x.userShare * x.queries, 0);
  if (totalUsers <= 0 || totalUse <= 0) return top;
  let left = top * totalUsers;
  let use = 0;
  for (const s of segs) {
    const take = Math.min(left, s.userShare);
    use += take * s.queries;
    left -= take;
    if (left <= 0) break;
  }
  return use / totalUse;
}

export interface HeavyUsers {
  /** Share of usage (≈ variable cost) from the heaviest 5% of users. */
  top5UsageShare: number;
  /** Monthly cost of one of the heaviest 5% users, US dollars (average within the group). */
  costPerHeavyUser: number;
  /** Monthly cost of an average user. */
  costPerUser: number;
  pricePerUser: number;
  /** Margin on one heavy user: (price − cost) / price. */
  heavyUserMargin: number;
}

/** Heavy-user economics for a month with `users` subscribers and `costUsd` of serving cost. */
export function heavyUsers(p: Subscription, users: number, costUsd: number): HeavyUsers {
  const share = topUsageShare(p, 0.05);
  const costPerUser = users > 0 ? costUsd / users : 0;
  const costPerHeavyUser = users > 0 ? (share * costUsd) / (0.05 * users) : 0;
  return {
    top5UsageShare: share,
    costPerHeavyUser,
    costPerUser,
    pricePerUser: p.pricePerUserMonth,
    heavyUserMargin: (p.pricePerUserMonth - costPerHeavyUser) / p.pricePerUserMonth,
  };
}
