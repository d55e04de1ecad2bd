import type { TraceProtocol } from '../model';

const octet = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const ipv4 = `${octet}(\\.${octet}){3}`;
const IP = new RegExp(`^${ipv4}$`);
const IP_PORT = new RegExp(`^(${ipv4}):(\\d+)$`);
const SVC = /^svc:([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-a-z0-9]*[a-z0-9])?):([^@]+)(@lb|@node:.+)?$/;

const URL_FORM = /^https?:\/\/[a-z0-9*]([-a-z0-9.]*[a-z0-9])?(:\d+)?(\/[^\s]*)?$/i;

const FORMS = 'IP:PORT (e.g. 192.168.13.23:80), svc:NAMESPACE/NAME:PORT, svc:…:PORT@lb, svc:…:PORT@node:NODE or http://HOST/PATH (through an Ingress)';

const validPort = (s: string) => /^\d+$/.test(s) && Number(s) >= 1 && Number(s) <= 65535;

/**
 * Check the shape of a destination before it goes to the engine, so a typo gets a precise
 * sentence. Whether the address or service exists is for the engine to say.
 * @returns null when the shape is right, else what to change.
 */
export function checkDestination(raw: string, protocol: TraceProtocol): string | null {
  const to = raw.trim();
  if (!to) return `Enter a destination (To): ${FORMS}.`;
  if (IP.test(to)) {
    return protocol === 'ICMP' ? null : `“${to}” has no port: ${protocol} needs one, e.g. ${to}:80.`;
  }
  const ipPort = IP_PORT.exec(to);
  if (ipPort) {
    const port = to.slice(to.lastIndexOf(':') + 1);
    return validPort(port) ? null : `“${port}” is not a port: use a number from 1 to 65535.`;
  }
  if (/^https?:\/\//i.test(to)) {
    if (!URL_FORM.test(to)) return `“${to}” is not a URL: write http://HOST/PATH, e.g. http://shop.example.com/api.`;
    return protocol === 'TCP' ? null : `An http:// request runs over TCP: choose TCP, not ${protocol}.`;
  }
  if (to.startsWith('svc:')) {
    const m = SVC.exec(to);
    if (!m) return `“${to}” is not a service reference: write svc:NAMESPACE/NAME:PORT, optionally followed by @lb or @node:NODE.`;
    const port = m[5] ?? '';
    // A named port (e.g. "http") is allowed: the engine resolves it against the service.
    if (/^\d+$/.test(port) && !validPort(port)) return `“${port}” is not a port: use a number from 1 to 65535.`;
    return null;
  }
  return `“${to}” is not a destination. Write ${FORMS}${protocol === 'ICMP' ? ', or a bare IP for ICMP' : ''}.`;
}
