// Which model names the emulator answers to, as a real server would: every model the catalog prices or
// describes (ids, aliases, `provider/` prefixes, Gemini's `models/` prefix), the emulated model itself and
// any extra names given in the options. Anything else is a 404 `model_not_found` with close matches.
import type { Catalog } from '../catalog/catalog.js';
import { closestMatches } from '../catalog/closest.js';
import { defaultCatalog } from '../catalog/index.js';

export class ModelNames {
  private readonly extra: Set<string>;
  private readonly catalog: Catalog;

  constructor(own: string, extra: readonly string[] | '*', catalog: Catalog = defaultCatalog()) {
    this.catalog = catalog;
    this.any = extra === '*';
    this.extra = new Set([own, ...(extra === '*' ? [] : extra)].map((n) => n.toLowerCase()));
  }

  /** True when every name is accepted (`models: '*'`). */
  readonly any: boolean;

  has(name: string): boolean {
    if (this.any) return true;
    const bare = name.replace(/^models\//, '');
    return (
      this.extra.has(bare.toLowerCase()) ||
      this.catalog.prices.find(bare) !== undefined ||
      this.catalog.models.find(bare) !== undefined
    );
  }

  /** Up to three known names closest to `name`. */
  suggest(name: string): string[] {
    const ids = [
      ...this.extra,
      ...this.catalog.prices.all.map((p) => p.id),
      ...this.catalog.models.all.map((m) => m.id),
    ];
    return closestMatches(name.replace(/^models\//, ''), new Set(ids));
  }

  /** The 404 message for an unknown name. */
  notFoundMessage(name: string): string {
    const near = this.suggest(name);
    const hint = near.length > 0 ? ` Did you mean: ${near.join(', ')}?` : '';
    return `The model '${name}' does not exist or you do not have access to it.${hint}`;
  }
}
