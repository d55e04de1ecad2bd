/**
 * Ingress routing as an L7 controller (ingress-nginx) does it: the Ingress rule whose host
 * matches and whose path is the longest match wins (Exact before Prefix at equal length;
 * Prefix matches whole path elements). The controller's Service fronts it; the controller
 * then opens its own connection to one of the backend Service's endpoints.
 */
import type { Ingress, IngressPath } from '../model';
import type { Dataplane, ServicePortInfo } from './dataplane';
import { servicePortsNamed } from './service-index';

export interface IngressTarget {
  url: { scheme: 'http' | 'https'; host: string; port: number; path: string };
  ingress?: Ingress;
  rule?: IngressPath;
  /** The controller's Service port the client connects to. */
  controller: ServicePortInfo;
  /** The backend Service port the rule names. */
  backend?: ServicePortInfo;
}

export function parseUrl(to: string): IngressTarget['url'] | undefined {
  const text = to.trim();
  // NOTE: most `to`s are addresses or names: they are refused by their first letter, not by the expression.
  if ((text.charCodeAt(0) | 0x20) !== 0x68) return undefined;
  const m = /^(https?):\/\/([a-z0-9.*-]+)(?::(\d+))?(\/[^?#]*)?/i.exec(text);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase() as 'http' | 'https';
  return { scheme, host: m[2]!.toLowerCase(), port: m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80, path: m[4] ?? '/' };
}

const hostMatches = (ruleHost: string | undefined, host: string) =>
  ruleHost === undefined ||
  ruleHost === host ||
  (ruleHost.startsWith('*.') && host.endsWith(ruleHost.slice(1)) && host.split('.').length === ruleHost.split('.').length);

function pathMatches(p: IngressPath, path: string): boolean {
  if (p.pathType === 'Exact') return p.path === path;
  if (p.path === '/') return true;
  const want = p.path.replace(/\/+$/, '').split('/');
  const got = path.split('/');
  return want.every((seg, i) => got[i] === seg);
}

/** Resolves a URL to the controller, the Ingress rule and the backend. Undefined controller means no IngressClass serves the host. */
export function routeIngress(dp: Dataplane, url: IngressTarget['url']): IngressTarget | { error: string } {
  let best: { ingress: Ingress; rule: IngressPath; score: number } | undefined;
  for (const ing of dp.topology.ingresses) {
    for (const r of ing.rules) {
      if (!hostMatches(r.host, url.host)) continue;
      for (const p of r.paths) {
        if (!pathMatches(p, url.path)) continue;
        const score = p.path.length * 2 + (p.pathType === 'Exact' ? 1 : 0) + (r.host ? 1e6 : 0);
        if (!best || score > best.score) best = { ingress: ing, rule: p, score };
      }
    }
  }
  const className = best?.ingress.ingressClassName ?? dp.topology.ingressClasses[0]?.name;
  const cls = dp.topology.ingressClasses.find((c) => c.name === className);
  if (!cls) return { error: `to: no IngressClass serves ${url.host}: add ingresses and ingressClasses to the document` };
  const controllers = servicePortsNamed(dp, cls.controllerService);
  const controller = controllers.find((sp) => sp.port.port === url.port) ?? controllers[0];
  if (!controller) return { error: `to: the IngressClass ${cls.name} names service ${cls.controllerService}, which has no ports` };
  const backend = best
    ? dp.servicePorts.find(
        (sp) => sp.svc.namespace === best.ingress.namespace && sp.svc.name === best.rule.backend.service && sp.port.port === best.rule.backend.port,
      )
    : undefined;
  return { url, ingress: best?.ingress, rule: best?.rule, controller, backend };
}
