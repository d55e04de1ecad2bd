import { beforeAll, describe, expect, it } from 'vitest';
import { parseTopology } from '../../model';
import { displayTopology } from '../../model/display';
import type { Doc } from '../../model/edit';
import { builtins } from '../../scenarios';
import { loadAutoLayout, type AutoLayoutFn } from '../canvas/auto-layout-loader';
import { buildGraph } from '../canvas/layout';
import { needsAutoLayout } from '../canvas/place-graph';
import { createAppStore } from '../../store/app-store';
import { createInlineSimClient } from '../../worker/sim-client';
import { placedDocument, shareStateOf } from './share-state';

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

  it('takes the request, the frame and the node view from the store; a node picked on an older trace is not carried', async () => {
    const store = createAppStore({ sim: await createInlineSimClient() });
    expect(shareStateOf(store.getState())).toBeNull();
    await store.getState().loadDocument(yaml);
    const s = store.getState();
    s.setFrom('pod:default/centos-67756b6dc8-rmmxt');
    s.setTo('192.168.13.23:80');
    await s.runTrace();
    store.getState().seek(2);
    store.getState().setNodeViewTab('ipvs');
    store.getState().pinNodeView('ap-southeast-1.10.0.1.216');
    const state = shareStateOf(store.getState())!;
    expect(state.request?.to).toBe('192.168.13.23:80');
    expect(state.frame).toBe(2);
    expect(state.nodeView).toEqual({ tab: 'ipvs', node: 'ap-southeast-1.10.0.1.216' });
    await store.getState().reroll();
    expect(shareStateOf(store.getState())!.nodeView).toEqual({ tab: 'ipvs', node: null });
  });
});
