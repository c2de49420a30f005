// `margin keys`: create, list, revoke and cap gateway API keys (stored hashed in the key database).
import { MarginError } from '../../errors/index.js';
import { checkCaps, KeyStore } from '../../governance/index.js';
import { renderRows } from '../../report/format.js';
import { formatOption, intOption, numberOption, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';

const help = `Usage: margin keys <create|list|revoke|set> [options]

Manages the gateway's API keys. Keys are stored as sha256 hashes; the secret is printed once, at creation.
When any key exists, 'margin serve' requires 'Authorization: Bearer <key>' (or 'x-api-key'), and the
dashboard (/), /api/*, /metrics and feedback on other tenants' requests need an admin key.

  margin keys create --tenant <name> [--name <label>] [--budget-usd N] [--rpm N] [--admin]
  margin keys list [--format table|json|csv]
  margin keys revoke <id>
  margin keys set <id> [--budget-usd N|none] [--rpm N|none]

Options:
  --db <path>        key database (default: ./margin.db, or MARGIN_KEYS_DB)
  --budget-usd N     monthly spend cap in US dollars (requests beyond it get 429 insufficient_quota)
  --rpm N            requests per minute, 1 or more (beyond it: 429 with retry-after)
  --admin            an operator key: may also read the dashboard, /api/*, /metrics and every tenant's data
`;

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
        format: { type: 'string' },
        admin: { type: 'boolean' },
      },
      true,
    );
    const [action, id] = positionals;
    if (values.admin && action !== 'create') {
      throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', '--admin is only for margin keys create');
    }
    const store = new KeyStore(values.db ?? process.env['MARGIN_KEYS_DB'] ?? './margin.db');
    const budget = (v: string | undefined) =>
      v === undefined ? undefined : v === 'none' ? null : numberOption(v, '--budget-usd', undefined, 0);
    const rpm = (v: string | undefined) =>
      v === undefined ? undefined : v === 'none' ? null : intOption(v, '--rpm');
    const caps = () => {
      const c = { monthlyBudgetUsd: budget(values['budget-usd']), rateLimitRpm: rpm(values.rpm) };
      checkCaps(c, { budget: '--budget-usd', rpm: '--rpm' });
      return c;
    };
    try {
      switch (action) {
        case 'create': {
          if (!values.tenant) throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', '--tenant is required');
          const { monthlyBudgetUsd: b, rateLimitRpm: r } = caps();
          const { secret, key } = store.create({
            tenant: values.tenant,
            ...(values.name ? { name: values.name } : {}),
            ...(b != null ? { monthlyBudgetUsd: b } : {}),
            ...(r != null ? { rateLimitRpm: r } : {}),
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
          const rows = store.list().map((k) => ({
            id: k.id,
            tenant: k.tenant,
            name: k.name,
            created: new Date(k.createdAt).toISOString(),
            revoked: k.revokedAt ? new Date(k.revokedAt).toISOString() : null,
            budgetUsd: k.monthlyBudgetUsd,
            rpm: k.rateLimitRpm,
            admin: k.admin,
          }));
          io.stdout(
            renderRows(rows, format === 'html' ? 'table' : format, [
              'id',
              'tenant',
              'name',
              'created',
              'revoked',
              'budgetUsd',
              'rpm',
              'admin',
            ]),
          );
          return 0;
        }
        case 'revoke': {
          if (!id) throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', 'usage: margin keys revoke <id>');
          const k = store.revoke(id);
          io.stdout(`revoked ${k.id}\n`);
          return 0;
        }
        case 'set': {
          if (!id)
            throw new MarginError(
              'MARGIN_ERR_BAD_ARGUMENT',
              'usage: margin keys set <id> [--budget-usd N|none] [--rpm N|none]',
            );
          const { monthlyBudgetUsd: b, rateLimitRpm: r } = caps();
          const k = store.update(id, {
            ...(b !== undefined ? { monthlyBudgetUsd: b } : {}),
            ...(r !== undefined ? { rateLimitRpm: r } : {}),
          });
          io.stdout(
            `${k.id}: budget ${k.monthlyBudgetUsd ?? 'none'} USD/month, ${k.rateLimitRpm ?? 'no'} rpm limit\n`,
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
      store.close();
    }
  },
};
