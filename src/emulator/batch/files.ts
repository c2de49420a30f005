// OpenAI Files API of the emulator: multipart upload (`purpose=batch` checked as OpenAI does), retrieve,
// content, list and delete; batch output and error files are stored here too.
import { openaiError } from '../openai-wire.js';
import type { Reply } from '../reply.js';
import { jsonReply, limitParam, page, unix } from './http.js';

export interface StoredFile {
  id: string;
  bytes: number;
  createdAt: number;
  filename: string;
  purpose: string;
  content: Buffer;
  /** Epoch ms, or undefined (kept until deleted). */
  expiresAt: number | undefined;
}

const PURPOSES = ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals'];
/** OpenAI keeps `purpose=batch` files for 30 days by default. */
const BATCH_FILE_DAYS = 30;

export function fileObject(f: StoredFile) {
  return {
    id: f.id,
    object: 'file',
    bytes: f.bytes,
    created_at: unix(f.createdAt),
    filename: f.filename,
    purpose: f.purpose,
    status: 'processed',
    expires_at: f.expiresAt === undefined ? null : unix(f.expiresAt),
    status_details: null,
  };
}

const missing = (param: string): Reply =>
  openaiError(400, `Missing required parameter: '${param}'.`, param, 'missing_required_parameter');

export class FileStore {
  private readonly files = new Map<string, StoredFile>();
  private seq = 0;

  constructor(private readonly prefix: string) {}

  add(content: Buffer, filename: string, purpose: string, now: number): StoredFile {
    const id = `file-${this.prefix}${(++this.seq).toString(36)}`;
    const expiresAt = purpose.startsWith('batch') ? now + BATCH_FILE_DAYS * 86_400_000 : undefined;
    const f: StoredFile = {
      id,
      bytes: content.length,
      createdAt: now,
      filename,
      purpose,
      content,
      expiresAt,
    };
    this.files.set(id, f);
    return f;
  }

  get(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  /** POST /v1/files (multipart/form-data with `file` and `purpose`). */
  async upload(body: Buffer, contentType: string | undefined, now: number, maxBytes: number): Promise<Reply> {
    if (!contentType?.toLowerCase().startsWith('multipart/form-data')) {
      return openaiError(
        400,
        `Invalid Content-Type header (${contentType ?? 'none'}), expected multipart/form-data.`,
        null,
      );
    }
    let form: FormData;
    try {
      form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    } catch {
      return openaiError(400, 'Could not parse the multipart/form-data body.', null);
    }
    const purpose = form.get('purpose');
    const file = form.get('file');
    if (typeof purpose !== 'string' || purpose === '') return missing('purpose');
    if (!PURPOSES.includes(purpose)) {
      return openaiError(
        400,
        `'${purpose}' is not one of ${JSON.stringify(PURPOSES)} - 'purpose'`,
        'purpose',
        'invalid_value',
      );
    }
    if (file === null || typeof file === 'string') return missing('file');
    const filename = file.name || 'upload';
    if (purpose === 'batch' && !filename.toLowerCase().endsWith('.jsonl')) {
      return openaiError(
        400,
        'Invalid file format for Batch API. Must be .jsonl',
        'file',
        'invalid_file_format',
      );
    }
    const content = Buffer.from(await file.arrayBuffer());
    if (content.length === 0) return openaiError(400, 'File is empty.', 'file', 'empty_file');
    if (content.length > maxBytes) return fileTooLarge(maxBytes);
    return jsonReply(200, fileObject(this.add(content, filename, purpose, now)));
  }

  /** GET /v1/files/{id} */
  retrieve(id: string): Reply {
    const f = this.files.get(id);
    return f ? jsonReply(200, fileObject(f)) : notFound(id);
  }

  /** GET /v1/files/{id}/content */
  content(id: string): Reply {
    const f = this.files.get(id);
    if (!f) return notFound(id);
    const type = f.filename.endsWith('.jsonl') ? 'application/jsonl' : 'application/octet-stream';
    return {
      status: 200,
      headers: { 'content-type': type },
      frames: [f.content.toString()],
      stream: false,
      outputTokens: 0,
    };
  }

  /** DELETE /v1/files/{id} */
  delete(id: string): Reply {
    if (!this.files.delete(id)) return notFound(id);
    return jsonReply(200, { id, object: 'file', deleted: true });
  }

  /** GET /v1/files?purpose=&order=&after=&limit= */
  list(query: URLSearchParams): Reply {
    const purpose = query.get('purpose');
    let all = [...this.files.values()].filter((f) => !purpose || f.purpose === purpose);
    if (query.get('order') !== 'asc') all = all.reverse();
    const { data, hasMore } = page(all, query.get('after'), limitParam(query, 10_000, 10_000));
    return jsonReply(200, {
      object: 'list',
      data: data.map(fileObject),
      first_id: data[0]?.id ?? null,
      last_id: data[data.length - 1]?.id ?? null,
      has_more: hasMore,
    });
  }
}

export const notFound = (id: string): Reply =>
  openaiError(404, `No such File object: ${id}`, 'id', 'not_found');

/** 413 for an upload over the limit. */
export function fileTooLarge(limit: number): Reply {
  const mb = Math.round((limit / 1024 / 1024) * 10) / 10;
  return openaiError(
    413,
    `File too large: batch input files may be at most ${mb} MB.`,
    'file',
    'file_too_large',
  );
}
