import { useEffect, useState } from 'react';
import { selectNodeInterfaces, selectTopology, useAppStore } from '../../../store';
import type { Interface } from '../../../worker/protocol';

/**
 * The devices of node `name` as the engine models them (name, ifindex, link, addresses, MTU), asked
 * of the worker again whenever the document it compiled changes; null until it answers or without a node.
 */
export function useNodeInterfaces(name: string | null): Interface[] | null {
  const topology = useAppStore(selectTopology);
  const ask = useAppStore(selectNodeInterfaces);
  const [answer, setAnswer] = useState<{ name: string; topology: unknown; list: Interface[] } | null>(null);
  useEffect(() => {
    if (!name || !topology) return;
    let live = true;
    void ask(name).then((r) => {
      if (live && r.ok) setAnswer({ name, topology, list: r.interfaces });
    });
    return () => {
      live = false;
    };
  }, [name, topology, ask]);
  // An answer about another node or an older document is not shown.
  return answer && answer.name === name && answer.topology === topology ? answer.list : null;
}

/** One interface as `ip` names it: `5: veth80884ed9@if2`. */
export const interfaceHeader = (i: Interface) => `${i.ifindex}: ${i.name}${i.link ? `@${i.link}` : ''}`;
