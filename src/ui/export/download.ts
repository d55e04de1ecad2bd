/** Save text or bytes as a file the browser downloads. */
export function download(name: string, data: string | Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([data as BlobPart], { type }));
  downloadUrl(name, url);
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Save what a URL (a data: URL, a blob: URL) holds as a file. */
export function downloadUrl(name: string, url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
}

/** A file name out of a document's name: letters, digits, dots and dashes. */
export const fileStem = (name: string | undefined): string => (name ?? '').replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'hopscope';
