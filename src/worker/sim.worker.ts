// The worker entry: exposes the simulator over comlink and nothing else.
import { expose } from 'comlink';
import { createSimulator } from './simulator';

expose(createSimulator());
