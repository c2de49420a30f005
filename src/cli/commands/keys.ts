// `margin keys`: create, list, revoke and cap gateway API keys (stored hashed in the key store: a SQLite
// file or a Postgres URL, the same store `margin serve` reads through governance.keysDb).
import { MarginError } from '../../errors/index.js';
import { checkCaps, type KeyPatch, openKeyStore } from '../../governance/index.js';
import { renderRows } from '../../report/format.js';
import { formatOption, intOption, numberOption, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';

const help = `Usage: margin keys <create|list|revoke|set> [options]

Manages the gateway's API keys. Keys are stored as sha256 hashes; the secret is printed once, at creation.
When any key exists, 'margin serve' requires 'Authorization: Bearer <key>' (or 'x-api-key'), and the
dashboard (/), /api/*, /metrics and feedback on other tenants' requests need an admin key.

  margin keys create --tenant <name> [--name <label>] [--budget-usd N] [--rpm N] [--tpm N]
                     [--max-output-tokens N] [--admin]
  margin keys list [--format table|json|csv]
  margin keys revoke <id>
  margin keys set <id> [--budget-usd N|none] [--rpm N|none] [--tpm N|none] [--max-output-tokens N|none]

Options:
  --db <path|url>         key store: a SQLite file, or postgres://user@host/db?schema=name shared by
                          several gateways (default: ./margin.db, or MARGIN_KEYS_DB)
  --budget-usd N          monthly spend cap in US dollars (requests beyond it get 429 insufficient_quota)
  --rpm N                 requests per minute, 1 or more (beyond it: 429 with retry-after)
  --tpm N                 tokens (prompt + output) per minute (beyond it: 429 with retry-after)
  --max-output-tokens N   output cap per request: set as max_tokens upstream, and what budgets reserve
  --admin                 an operator key: may also read the dashboard, /api/*, /metrics and every
                          tenant's data
`;

const COLUMNS = [
  'id',
  'tenant',
  'name',
  'created',
  'revoked',
  'budgetUsd',
  'rpm',
  'tpm',
  'maxOutputTokens',
  'admin',
];

export const command: Command = {
  name: 'keys',
  summary: 'Manage gateway API keys, tenants and budgets',
  help,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        db: { type: 'string' },
        tenant: { type: 'string' },
        name: { type: 'string' },
        'budget-usd': { type: 'string' },
        rpm: { type: 'string' },
        tpm: { type: 'string' },
        'max-output-tokens': { type: 'string' },
        format: { type: 'string' },
        admin: { type: 'boolean' },
      },
      true,
    );
    const [action, id] = positionals;
    if (values.admin && action !== 'create') {
      throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', '--admin is only for margin keys create');
    }
    const cap = <T>(v: string | undefined, parse: (v: string) => T) =>
      v === undefined ? undefined : v === 'none' ? null : parse(v);
    const caps = (): KeyPatch => {
      const c = {
        monthlyBudgetUsd: cap(values['budget-usd'], (v) => numberOption(v, '--budget-usd', undefined, 0)),
        rateLimitRpm: cap(values.rpm, (v) => intOption(v, '--rpm')),
        rateLimitTpm: cap(values.tpm, (v) => intOption(v, '--tpm')),
        maxOutputTokens: cap(values['max-output-tokens'], (v) => intOption(v, '--max-output-tokens')),
      };
      checkCaps(c, { budget: '--budget-usd', rpm: '--rpm', tpm: '--tpm', maxOutput: '--max-output-tokens' });
      return c;
    };
    const url = values.db ?? process.env['MARGIN_KEYS_DB'] ?? './margin.db';
    const store = await openKeyStore(url, { field: '--db' });
    if (!store) throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `no key store at ${url}`);
    try {
      switch (action) {
        case 'create': {
          if (!values.tenant) throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', '--tenant is required');
          const c = caps();
          const { secret, key } = await store.create({
            tenant: values.tenant,
            ...(values.name ? { name: values.name } : {}),
            ...(c.monthlyBudgetUsd != null ? { monthlyBudgetUsd: c.monthlyBudgetUsd } : {}),
            ...(c.rateLimitRpm != null ? { rateLimitRpm: c.rateLimitRpm } : {}),
            ...(c.rateLimitTpm != null ? { rateLimitTpm: c.rateLimitTpm } : {}),
            ...(c.maxOutputTokens != null ? { maxOutputTokens: c.maxOutputTokens } : {}),
            ...(values.admin ? { admin: true } : {}),
          });
          io.stdout(`${secret}\n`);
          io.stderr(
            `created ${key.admin ? 'admin ' : ''}key ${key.id} for tenant ${key.tenant}; the secret above is shown only once\n`,
          );
          return 0;
        }
        case 'list': {
          const format = formatOption(values.format);
          const rows = (await store.list()).map((k) => ({
            id: k.id,
            tenant: k.tenant,
            name: k.name,
            created: new Date(k.createdAt).toISOString(),
            revoked: k.revokedAt ? new Date(k.revokedAt).toISOString() : null,
            budgetUsd: k.monthlyBudgetUsd,
            rpm: k.rateLimitRpm,
            tpm: k.rateLimitTpm,
            maxOutputTokens: k.maxOutputTokens,
            admin: k.admin,
          }));
          io.stdout(renderRows(rows, format === 'html' ? 'table' : format, COLUMNS));
          return 0;
        }
        case 'revoke': {
          if (!id) throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', 'usage: margin keys revoke <id>');
          const k = await store.revoke(id);
          io.stdout(`revoked ${k.id}\n`);
          return 0;
        }
        case 'set': {
          if (!id)
            throw new MarginError(
              'MARGIN_ERR_BAD_ARGUMENT',
              'usage: margin keys set <id> [--budget-usd N|none] [--rpm N|none] [--tpm N|none] [--max-output-tokens N|none]',
            );
          const k = await store.update(id, caps());
          io.stdout(
            `${k.id}: budget ${k.monthlyBudgetUsd ?? 'none'} USD/month, ${k.rateLimitRpm ?? 'no'} rpm limit, ${k.rateLimitTpm ?? 'no'} tpm limit, output cap ${k.maxOutputTokens ?? 'none'}\n`,
          );
          return 0;
        }
        default:
          throw new MarginError(
            'MARGIN_ERR_BAD_ARGUMENT',
            `unknown action '${action ?? ''}'; use create, list, revoke or set`,
          );
      }
    } finally {
      await store.close();
    }
  },
};
