// The embed's Preact build (scripts/preact-embed.ts): preact/compat writes `tabIndex` on an SVG element as it is spelt,
// and SVG attributes are case-sensitive, so the edges React Flow makes focusable (`<g tabIndex={0}>`) were not; here the
// attribute is spelt as React writes it. On the dev server the embed runs on React and this hook is never called.
import { options, type VNode } from 'preact';

const previous = options.vnode;
options.vnode = (vnode: VNode) => {
  const props = vnode.props as Record<string, unknown>;
  if (vnode.type === 'g' && 'tabIndex' in props) {
    props.tabindex = props.tabIndex;
    delete props.tabIndex;
  }
  previous?.(vnode);
};
