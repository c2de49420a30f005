// OpenAI Files for batches: POST /v1/files (multipart, `purpose=batch`; larger than deferral.maxFileBytes =
// 413), GET /v1/files (list: purpose, limit, order, after), GET /v1/files/{id}, GET /v1/files/{id}/content,
// DELETE /v1/files/{id}. A batch's output and error files are made from
// its lines when asked for (ids `file-<batch id>-output` / `-errors`). Files are scoped to the caller's tenant.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deferral } from '../../deferral/jobs.js';
import { openaiResultLine, resultFileOf } from '../../deferral/jobs-wire.js';
import type { StoredFile } from '../../deferral/store/types.js';
import { MarginError } from '../../errors/index.js';
import { readBody } from '../body.js';
import type { Exchange } from '../exchange.js';
import { endResponse, type GatewayState } from '../state.js';
import { authenticate } from './authenticate.js';
import { deferralCall, deferralOf, limitOf } from './deferral-call.js';
import { sendJson } from './send-json.js';

const fileObject = (f: StoredFile) => ({
  id: f.id,
  object: 'file',
  bytes: f.bytes,
  created_at: Math.floor(f.createdAt / 1000),
  filename: f.filename,
  purpose: f.purpose,
  status: 'processed',
  expires_at: null,
  status_details: null,
});

export async function handleFileUpload(
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const d = deferralOf(state);
  const limit = state.config.deferral.maxFileBytes;
  // The multipart envelope adds a little to the file itself.
  const text = await readBody(req, limit + 64 * 1024);
  await authenticate(state, ex);
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) {
    throw new MarginError('MARGIN_ERR_BAD_REQUEST', 'Upload files as multipart/form-data.', {
      param: 'file',
    });
  }
  let form: FormData;
  try {
    form = await new Response(Buffer.from(text, 'utf8'), { headers: { 'content-type': type } }).formData();
  } catch (err) {
    throw new MarginError('MARGIN_ERR_BAD_REQUEST', `Could not read the multipart body: ${err}`, {
      param: 'file',
    });
  }
  const purpose = form.get('purpose');
  if (purpose !== 'batch') {
    throw new MarginError('MARGIN_ERR_BAD_REQUEST', "Only purpose 'batch' is accepted.", {
      param: 'purpose',
    });
  }
  const file = form.get('file');
  if (file === null || typeof file === 'string') {
    throw new MarginError('MARGIN_ERR_BAD_REQUEST', "Missing the 'file' part.", { param: 'file' });
  }
  const content = Buffer.from(await file.arrayBuffer());
  if (content.length > limit) {
    throw new MarginError('MARGIN_ERR_BODY_TOO_LARGE', `The file exceeds the limit of ${limit} bytes.`, {
      param: 'file',
    });
  }
  const meta: StoredFile = {
    id: `file-${randomBytes(12).toString('hex')}`,
    tenant: ex.tenant,
    keyId: ex.keyId,
    purpose: 'batch',
    filename: file.name || 'upload.jsonl',
    bytes: content.length,
    createdAt: Date.now(),
  };
  await d.store.putFile(meta, content);
  sendJson(state, res, ex, fileObject(meta));
}

/** An uploaded file or a batch's result file, when the caller may see it. */
async function findFile(
  d: Deferral,
  ex: Exchange,
  id: string,
): Promise<{ meta: StoredFile; content: () => Promise<Buffer> }> {
  const virtual = resultFileOf(id);
  if (virtual) {
    const job = await d.visibleJob(ex, virtual.jobId, ['openai-batch']).catch(() => undefined);
    if (job) {
      const content = async () => {
        const out: string[] = [];
        for (let from = 0; ; ) {
          const lines = await d.store.lines(job.id, from, 1000);
          if (lines.length === 0) break;
          for (const l of lines) {
            const r = openaiResultLine(job, l);
            if (r && r.file === virtual.which) out.push(r.text);
          }
          from = (lines.at(-1)?.idx ?? from) + 1;
        }
        return Buffer.from(out.length ? `${out.join('\n')}\n` : '');
      };
      const body = await content();
      const meta: StoredFile = {
        id,
        tenant: job.tenant,
        keyId: job.keyId,
        purpose: 'batch_output',
        filename: `${job.id}_${virtual.which === 'output' ? 'output' : 'error'}.jsonl`,
        bytes: body.length,
        createdAt: job.finishedAt ?? job.createdAt,
      };
      return { meta, content: async () => body };
    }
  }
  const meta = await visibleStoredFile(d, ex, id);
  return { meta, content: async () => (await d.store.fileContent(id)) ?? Buffer.alloc(0) };
}

/** An uploaded file the caller may see (its tenant's, or an admin), else 404. */
async function visibleStoredFile(d: Deferral, ex: Exchange, id: string): Promise<StoredFile> {
  const meta = await d.store.getFile(id);
  if (!meta || (!ex.admin && meta.tenant !== ex.tenant)) {
    throw new MarginError('MARGIN_ERR_NOT_FOUND', `No such file: '${id}'.`, { param: 'file_id' });
  }
  return meta;
}

export async function handleFileGet(
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  content: boolean,
): Promise<void> {
  const f = await findFile(await deferralCall(state, ex, req), ex, id);
  if (!content) return sendJson(state, res, ex, fileObject(f.meta));
  const body = await f.content();
  ex.status = 200;
  res.writeHead(200, {
    'x-margin-request-id': ex.id,
    'content-type': 'application/jsonl',
    'content-length': body.length,
  });
  endResponse(state, ex, res, body.toString('utf8'));
}

/** Most files one list page returns (OpenAI's limit ceiling). */
const MAX_FILE_PAGE = 10_000;

/** GET /v1/files: the caller's uploaded files (an admin's: all), newest first unless `order=asc`. */
export async function handleFileList(
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  qs: URLSearchParams,
): Promise<void> {
  const d = await deferralCall(state, ex, req);
  const limit = limitOf(qs, MAX_FILE_PAGE, MAX_FILE_PAGE);
  const order = qs.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc')
    throw new MarginError('MARGIN_ERR_BAD_REQUEST', "order must be 'asc' or 'desc'.", { param: 'order' });
  const after = qs.get('after') ?? undefined;
  const purpose = qs.get('purpose') ?? undefined;
  const rows = await d.store.listFiles({
    ...(ex.admin ? {} : { tenant: ex.tenant }),
    ...(purpose ? { purpose } : {}),
    ...(after ? { afterId: after } : {}),
    ascending: order === 'asc',
    limit: limit + 1,
  });
  const data = rows.slice(0, limit).map(fileObject);
  sendJson(state, res, ex, {
    object: 'list',
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: rows.length > limit,
  });
}

/** DELETE /v1/files/{id}: an uploaded file of the caller's (batch output files are the batch's, not deletable). */
export async function handleFileDelete(
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
): Promise<void> {
  const d = await deferralCall(state, ex, req);
  await visibleStoredFile(d, ex, id);
  await d.store.deleteFile(id);
  sendJson(state, res, ex, { id, object: 'file', deleted: true });
}
