/**
 * Exports of a trace: Markdown, JSON, and packet captures (pcapng / pcap). Pure functions of
 * the trace (no DOM, no Node): the UI turns the strings and bytes into downloads, the CLI
 * into files.
 */
export { traceToMarkdown } from './markdown';
export { traceToJson } from './json';
export { TRACE_FORMATS, traceAs, traceV1 } from './format';
export type { HopV1, TraceFormat, TraceV1, TraceV2 } from './format';
export { capturePackets, pcapFileName, traceToPcap, traceToPcapng } from './pcap';
export type { CapturedPacket, LinkType, PcapOptions } from './pcap';
