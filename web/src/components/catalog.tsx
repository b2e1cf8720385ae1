// The step types the tenant may use (GET /api/components, custom ones included), shared by
// the palette, the nodes and the forms. Aliases find their canonical type.
import { createContext, useContext } from 'react';
import type { Component } from '../api/types';

export class Catalog {
  private readonly byType = new Map<string, Component>();
  constructor(readonly components: Component[]) {
    for (const c of components) {
      this.byType.set(c.type, c);
      for (const a of c.aliases ?? []) this.byType.set(a, c);
    }
  }
  get(type: string): Component | undefined {
    return this.byType.get(type);
  }
}

export const CatalogContext = createContext(new Catalog([]));
export const useCatalog = () => useContext(CatalogContext);
