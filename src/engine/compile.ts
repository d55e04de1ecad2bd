import type { Topology } from '../model';
import type { Dataplane } from './dataplane';
export function compile(topology: Topology): Dataplane { return { topology }; }
