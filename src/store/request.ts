import type { TraceProtocol } from '../model';
import { message, type Message } from '../model/message';

const octet = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const ipv4 = `${octet}(\\.${octet}){3}`;
const IP = new RegExp(`^${ipv4}$`);
const IP_PORT = new RegExp(`^(${ipv4}):(\\d+)$`);
const SVC = /^svc:([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-a-z0-9]*[a-z0-9])?):([^@]+)(@lb|@node:.+)?$/;

const URL_FORM = /^https?:\/\/[a-z0-9*]([-a-z0-9.]*[a-z0-9])?(:\d+)?(\/[^\s]*)?$/i;

const validPort = (s: string) => /^\d+$/.test(s) && Number(s) >= 1 && Number(s) <= 65535;

/**
 * Check the shape of a destination before it goes to the engine, so a typo gets a precise
 * sentence. Whether the address or service exists is for the engine to say.
 * @returns null when the shape is right, else what to change (worded by the UI's catalogue).
 */
export function checkDestination(raw: string, protocol: TraceProtocol): Message | null {
  const to = raw.trim();
  if (!to) return message('noTo');
  if (IP.test(to)) {
    return protocol === 'ICMP' ? null : message('noPort', { to, protocol });
  }
  const ipPort = IP_PORT.exec(to);
  if (ipPort) {
    const port = to.slice(to.lastIndexOf(':') + 1);
    return validPort(port) ? null : message('badPort', { port });
  }
  if (/^https?:\/\//i.test(to)) {
    if (!URL_FORM.test(to)) return message('badUrl', { to });
    return protocol === 'TCP' ? null : message('httpNeedsTcp', { protocol });
  }
  if (to.startsWith('svc:')) {
    const m = SVC.exec(to);
    if (!m) return message('badService', { to });
    const port = m[5] ?? '';
    // A named port (e.g. "http") is allowed: the engine resolves it against the service.
    if (/^\d+$/.test(port) && !validPort(port)) return message('badPort', { port });
    return null;
  }
  return message(protocol === 'ICMP' ? 'notDestinationIcmp' : 'notDestination', { to });
}
