// Caller feedback rows (`ledger_feedback`): the SQL both stores share and the row mapping. A feedback row
// holds a request id, a score, an optional comment and the caller; never prompt or answer text.
import type { FeedbackRow, FeedbackWithRoute } from './store.js';

/** Longest comment kept (characters); longer ones are cut. */
export const MAX_FEEDBACK_COMMENT = 2000;

/** Column order of an insert. */
export const FEEDBACK_INSERT_COLUMNS = 'request_id, ts, score, comment, key_id, tenant';

/** Insert parameters in FEEDBACK_INSERT_COLUMNS order. */
export function feedbackParams(row: FeedbackRow): Array<string | number | null> {
  return [
    row.requestId,
    row.ts,
    row.score,
    row.comment === null ? null : row.comment.slice(0, MAX_FEEDBACK_COMMENT),
    row.keyId,
    row.tenant,
  ];
}

/** Feedback in [from, to) by feedback time, left-joined to its record; `ph(n)` writes placeholder n. */
export function feedbackJoinSql(feedback: string, records: string, ph: (n: number) => string): string {
  return (
    'SELECT f.request_id, f.ts, f.score, f.comment, f.key_id, f.tenant, r.id AS r_id, r.route AS r_route, ' +
    'r.status AS r_status, r.served_model AS r_served_model, r.tenant AS r_tenant ' +
    `FROM ${feedback} f LEFT JOIN ${records} r ON r.id = f.request_id ` +
    `WHERE f.ts >= ${ph(1)} AND f.ts < ${ph(2)} ORDER BY f.ts, f.seq`
  );
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Maps one joined row (SQLite or Postgres) to a FeedbackWithRoute. */
export function fromFeedbackRow(row: Record<string, unknown>): FeedbackWithRoute {
  return {
    requestId: String(row.request_id),
    ts: Number(row.ts),
    score: Number(row.score),
    comment: str(row.comment),
    keyId: str(row.key_id),
    tenant: str(row.tenant),
    record:
      row.r_id === null || row.r_id === undefined
        ? null
        : {
            route: str(row.r_route),
            status: Number(row.r_status),
            servedModel: str(row.r_served_model),
            tenant: str(row.r_tenant),
          },
  };
}
