// The render command's lines of the usage and help texts (a leaf module: args.ts reads them as it loads).
export const RENDER_USAGE = '  hopscope render FILE --batch REQUESTS.jsonl --out-dir DIR [--hop N] [--theme light|dark]';

export const RENDER_HELP = `render           one SVG picture per request of a batch file (one JSON request per line, as
                 trace --batch reads them), written to DIR as 001.svg, 002.svg, … (line N → N);
                 prints what it wrote, one line per input line; exit 1 if any line failed.
  --hop N        the hop each picture shows (1-based; default: the request's last hop)
  --theme T      light (default) or dark`;
