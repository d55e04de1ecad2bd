/**
 * Bytes of a document or a batch file as text, as a browser decodes a page: a byte order mark
 * decides (UTF-8, UTF-16 LE, UTF-16 BE; what Windows PowerShell's `>` and Notepad's "Unicode"
 * write), then UTF-8. Text that starts with a NUL byte pair pattern but no mark is taken as
 * UTF-16 too: no YAML or JSON in UTF-8 holds NUL. Invalid sequences become U+FFFD, which the
 * parser then reports where they are.
 */
export function decodeText(bytes: Uint8Array): string {
  return new Decoder(textEncoding(bytes)).decode(bytes);
}

// The model's TypeScript has no DOM or Node types; browsers and Node both have TextDecoder.
const Decoder = (globalThis as unknown as { TextDecoder: new (label: string) => { decode(bytes: Uint8Array): string } }).TextDecoder;

/** The encoding `decodeText` reads `bytes` in. */
export function textEncoding(bytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  const [a, b] = bytes;
  if (a === 0xff && b === 0xfe) return 'utf-16le';
  if (a === 0xfe && b === 0xff) return 'utf-16be';
  if (a === 0xef && b === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes.length >= 2 && a !== 0 && b === 0) return 'utf-16le';
  if (bytes.length >= 2 && a === 0 && b !== 0) return 'utf-16be';
  return 'utf-8';
}

/** `text` without a byte order mark at its start (a string read by other means may keep one). */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
