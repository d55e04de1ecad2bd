/**
 * What a file opened as a document holds: YAML or JSON text, or a picture Hopscope exported
 * (an SVG with the document in its `<metadata>`, a PNG with it in an iTXt chunk), which gives
 * back the document and the request it showed, as draw.io and Excalidraw pictures do.
 */
import { parseEmbeddedJson, PNG_KEYWORD, readSvgEmbedded, type Embedded } from '../../render/embed';
import { isPng, readPngText } from '../../render/png';

export type OpenedFile =
  /** `text` for openText; `picture` set when the file was an exported picture. */
  | { ok: true; text: string; picture: Embedded | null }
  /** An image without a document inside. */
  | { ok: false };

const fromPicture = (e: Embedded): OpenedFile => ({ ok: true, text: `${JSON.stringify(e.document, null, 2)}\n`, picture: e });

export async function readDocumentFile(file: Blob): Promise<OpenedFile> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (isPng(bytes)) {
    const json = readPngText(bytes, PNG_KEYWORD);
    const e = json === null ? null : parseEmbeddedJson(json);
    return e ? fromPicture(e) : { ok: false };
  }
  const text = new TextDecoder().decode(bytes);
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/.test(text)) {
    const e = readSvgEmbedded(text);
    return e ? fromPicture(e) : { ok: false };
  }
  return { ok: true, text, picture: null };
}
