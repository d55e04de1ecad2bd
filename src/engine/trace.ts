import type { Trace, TraceRequest } from '../model';
import type { Dataplane } from './dataplane';
/** A request that names nothing in the topology, or is malformed. */
export class RequestError extends Error {}
export function trace(dp: Dataplane, req: TraceRequest): Trace { void dp; void req; throw new RequestError('engine not built yet'); }
