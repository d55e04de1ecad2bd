// The worker entry: serves the simulator's calls and nothing else (the embed's; the editor's is editor.worker.ts).
import { serveSimulator } from './serve-simulator';

serveSimulator();
