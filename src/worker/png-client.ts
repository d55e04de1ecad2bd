/** What the page sends: the renderer's SVG, the scale, and the text the PNG carries (the embedded document's JSON). */
export interface PngRequest {
  svg: string;
  scale: number;
  text: string | null;
}
export type PngReply = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

/**
 * The SVG as a PNG, drawn and encoded by a worker of its own (started for the one export, then ended): drawn through
 * an <img> on the page, a 1,000-node cluster's picture was one 2.3 s task.
 */
export async function pngOffThread(request: PngRequest): Promise<Uint8Array> {
  const worker = new Worker(new URL('./png.worker.ts', import.meta.url), { type: 'module' });
  return await new Promise<Uint8Array>((resolve, reject) => {
    worker.onmessage = ({ data }: MessageEvent<PngReply>) => (data.ok ? resolve(data.bytes) : reject(new Error(data.error)));
    worker.onerror = (e) => reject(new Error(e.message || 'the PNG writer did not start'));
    worker.postMessage(request);
  }).finally(() => worker.terminate());
}
