/** The pure renderer: pictures of a document and a trace, with the document inside them. */
export { renderSvg, captionLines, defaultHop, type RenderOptions } from './svg';
export { traceToMermaid } from './mermaid';
export { EMBED_NS, PNG_KEYWORD, embeddedJson, parseEmbeddedJson, readSvgEmbedded, svgMetadata, type Embedded } from './embed';
export { isPng, readPngText, withPngText } from './png';
export type { ThemeName } from './theme';
