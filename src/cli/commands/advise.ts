// `margin advise`: a ranked list of actions with the dollars a month each would save on the ledger's traffic.
import { writeFileSync } from 'node:fs';
import { advise, adviseHtml, adviseTable, checkDays, explainText, findAction } from '../../advise/index.js';
import { defaultCatalog } from '../../catalog/index.js';
import { MarginError } from '../../errors/index.js';
import { DEFAULT_LEDGER_URL, openStore, redact } from '../../ledger/index.js';
import { formatOption, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';

const help = `Usage: margin advise [options]

What to do about your bill: from the ledger, a ranked list of actions (provider prompt caching where
prefixes repeat, output caps where answers run long, …) with the dollars a month each would save on the
measured traffic, a 90% bootstrap interval and a confidence level. Prices come from the catalog through the
meter, as everywhere else in Margin.

Options:
  --db <url|path>      ledger: sqlite:./margin.db (default; env MARGIN_LEDGER overrides), a file path,
                       or postgres://user@host/db?schema=name   (--ledger is the same)
  --days <n>           window, days, ending at the newest record (default 30)
  --format <f>         table | json | html (default table)
  --out <file>         write the output to a file instead of stdout
  --explain <#|id>     one action's arithmetic, step by step (rank or id from the table)
`;

export const command: Command = {
  name: 'advise',
  summary: 'Rank what would cut your bill, in dollars a month',
  help,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      db: { type: 'string' },
      ledger: { type: 'string' },
      days: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      explain: { type: 'string' },
    });
    const format = formatOption(values.format, ['table', 'json', 'html']);
    const daysText = values.days ?? '30';
    if (!/^\d+$/.test(daysText.trim()))
      throw new MarginError(
        'MARGIN_ERR_BAD_ARGUMENT',
        `--days must be a whole number of days (got '${daysText}')`,
      );
    const days = checkDays(Number(daysText));
    if (values.db !== undefined && values.ledger !== undefined && values.db !== values.ledger)
      throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', '--db and --ledger name different ledgers; give one');
    const url = values.db ?? values.ledger ?? process.env.MARGIN_LEDGER ?? DEFAULT_LEDGER_URL;
    const store = await openStore(url, false);
    let text: string;
    try {
      const report = await advise(store, { catalog: defaultCatalog(), days });
      report.notes = [`ledger ${redact(url)}`, ...(report.notes ?? [])];
      if (values.explain !== undefined) text = explainText(findAction(report, values.explain));
      else if (format === 'json') text = `${JSON.stringify(report, null, 2)}\n`;
      else if (format === 'html') text = adviseHtml(report);
      else text = adviseTable(report);
    } finally {
      await store.close();
    }
    if (values.out) writeFileSync(values.out, text);
    else io.stdout(text);
    return 0;
  },
};
