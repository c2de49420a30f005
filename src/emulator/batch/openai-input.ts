// Validation of an OpenAI batch input file (JSONL of `{custom_id, method, url, body}`), as the Batch API
// does while a batch is `validating`: any invalid line fails the whole batch, with one entry per problem in
// `errors.data` (line numbers from 1). Problems inside a valid line's body (unknown model, bad parameters)
// are not validation errors: they fail that line alone, in the error file.

export interface InputLine {
  customId: string;
  body: Record<string, unknown>;
  model: string | undefined;
}

export interface BatchError {
  code: string;
  message: string;
  param: string | null;
  line: number | null;
}

/** OpenAI's limit on requests per batch. */
export const MAX_REQUESTS = 50_000;
const MAX_ERRORS = 1000;

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Parses and checks every line against the batch's endpoint. */
export function parseInput(text: string, endpoint: string): { lines: InputLine[]; errors: BatchError[] } {
  const lines: InputLine[] = [];
  const errors: BatchError[] = [];
  const seen = new Set<string>();
  let firstModel: string | undefined;
  const raw = text.split('\n');
  const fail = (line: number, code: string, message: string, param: string | null = null) => {
    if (errors.length < MAX_ERRORS) errors.push({ code, message, param, line });
  };
  raw.forEach((textLine, i) => {
    const n = i + 1;
    if (textLine.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(textLine);
    } catch {
      fail(n, 'invalid_json_line', 'This line is not parseable as valid JSON.');
      return;
    }
    if (!isObject(v)) {
      fail(n, 'invalid_json_line', 'This line is not a JSON object.');
      return;
    }
    const customId = v.custom_id;
    if (typeof customId !== 'string' || customId === '') {
      fail(n, 'missing_required_parameter', "Missing required parameter: 'custom_id'.", 'custom_id');
      return;
    }
    if (v.method !== 'POST') {
      fail(n, 'invalid_value', `Invalid value for 'method': expected 'POST'.`, 'method');
      return;
    }
    if (v.url !== endpoint) {
      fail(
        n,
        'invalid_url',
        `The url '${String(v.url)}' does not match the batch's endpoint '${endpoint}'.`,
        'url',
      );
      return;
    }
    if (!isObject(v.body)) {
      fail(n, 'missing_required_parameter', "Missing required parameter: 'body'.", 'body');
      return;
    }
    if (seen.has(customId)) {
      fail(
        n,
        'duplicate_custom_id',
        'The custom_id for this request is a duplicate of another request. The custom_id parameter must be unique for each request in a batch.',
        'custom_id',
      );
      return;
    }
    seen.add(customId);
    const model = typeof v.body.model === 'string' ? v.body.model : undefined;
    if (firstModel === undefined) firstModel = model;
    else if (model !== undefined && model !== firstModel) {
      fail(
        n,
        'mismatched_model',
        `All requests in a batch must use the same model: this line uses '${model}', the batch '${firstModel}'.`,
        'body.model',
      );
      return;
    }
    lines.push({ customId, body: v.body, model });
  });
  if (errors.length === 0 && lines.length === 0)
    errors.push({
      code: 'empty_file',
      message: 'The input file contains no requests.',
      param: null,
      line: null,
    });
  if (lines.length > MAX_REQUESTS) {
    errors.push({
      code: 'too_many_requests',
      message: `The input file has ${lines.length} requests; a batch may have at most ${MAX_REQUESTS}.`,
      param: null,
      line: null,
    });
  }
  return { lines, errors };
}
