/* global document */
// The bare stack an embed cannot do without: React and React Flow (with its stylesheet) drawing a small graph,
// built with the app's vite config. scripts/measure-embed.mjs measures an embed against it.
import { createElement as h, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Background, Controls, ReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';

const nodes = [
  { id: 'client', position: { x: 0, y: 0 }, data: { label: 'client' } },
  { id: 'node-1', position: { x: 200, y: 0 }, data: { label: 'node-1' } },
  { id: 'node-2', position: { x: 400, y: 0 }, data: { label: 'node-2' } },
  { id: 'server', position: { x: 600, y: 0 }, data: { label: 'server' } },
];
const edges = [
  { id: 'a', source: 'client', target: 'node-1', animated: true },
  { id: 'b', source: 'node-1', target: 'node-2', animated: true },
  { id: 'c', source: 'node-2', target: 'server', animated: true },
];

createRoot(document.getElementById('root')).render(
  h(StrictMode, null, h('div', { style: { width: '100%', height: '100%' } }, h(ReactFlow, { nodes, edges, fitView: true }, h(Background), h(Controls)))),
);
