/**
 * Exports of a trace: Markdown, JSON, and packet captures (pcapng / pcap). Pure functions of
 * the trace (no DOM, no Node): the UI turns the strings and bytes into downloads, the CLI
 * into files.
 */
export { traceToMarkdown } from './markdown';
export { traceToJson } from './json';
export { capturePackets, pcapFileName, traceToPcap, traceToPcapng } from './pcap';
export type { CapturedPacket, LinkType, PcapOptions } from './pcap';
