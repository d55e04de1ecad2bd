import { beforeAll, describe, expect, it } from 'vitest';
import { parseTopology } from '../../model';
import { displayTopology } from '../../model/display';
import type { Doc } from '../../model/edit';
import { builtins } from '../../scenarios';
import { loadAutoLayout, type AutoLayoutFn } from '../canvas/auto-layout-loader';
import { buildGraph } from '../canvas/layout';
import { needsAutoLayout } from '../editor/place-graph';
import { placedDocument } from './placed-document';

const yaml = builtins.find((b) => b.id === 'ack-flannel')!.yaml;
const parsed = (): Doc => {
  const r = parseTopology(yaml);
  if (!r.ok) throw new Error('built-in invalid');
  const { layout: _stored, ...doc } = JSON.parse(JSON.stringify(r.topology)) as Doc;
  return doc;
};

let autoLayout: AutoLayoutFn;
beforeAll(async () => {
  autoLayout = await loadAutoLayout();
});

describe('the document a link carries', () => {
  it('places every element where the canvas draws it, so the link needs no automatic layout', () => {
    const doc = parsed();
    const view = displayTopology(doc);
    expect(needsAutoLayout(buildGraph(view), view)).toBe(true);
    const placed = placedDocument(doc, view, []);
    const placedView = displayTopology(placed);
    expect(needsAutoLayout(buildGraph(placedView), placedView)).toBe(false);
    expect(placed.layout).toEqual(autoLayout(buildGraph(view), view));
  });

  it('keeps the positions the author set, and lays out collapsed nodes as they are drawn', () => {
    const doc = { ...parsed(), layout: { 'external:internet-client': { x: -300, y: 5 } } };
    const view = displayTopology(doc);
    const node = `node:${view.nodes[0]!.name}`;
    const placed = placedDocument(doc, view, [node]);
    const shut = autoLayout(buildGraph(view), view, { collapsed: new Set([node]) });
    expect(placed.layout).toEqual({ ...shut, 'external:internet-client': { x: -300, y: 5 } });
  });

  it('leaves a document that places everything as it is', () => {
    const doc = placedDocument(parsed(), displayTopology(parsed()), []);
    expect(placedDocument(doc, displayTopology(doc), [])).toBe(doc);
  });
});
