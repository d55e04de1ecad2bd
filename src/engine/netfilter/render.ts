/** Prints rules the way `iptables-save` does. */
import { formatCidr, intToIp } from '../../model/cidr';
import { chainNames, rulesOf, type Rule, type Table, type Target } from './table';

const hex = (n: number) => `0x${n.toString(16)}`;

/** The probability iptables-save prints back: the kernel keeps it as lround(p * 2^31). */
export function savedProbability(p: number): string {
  return (Math.round(0x80000000 * p) / 0x80000000).toFixed(11);
}

function targetText(t: Target): string {
  switch (t.t) {
    case 'jump':
      return `-j ${t.chain}`;
    case 'DNAT':
      return `-j DNAT --to-destination ${intToIp(t.ip)}${t.port ? `:${t.port}` : ''}`;
    case 'SNAT':
      return `-j SNAT --to-source ${intToIp(t.ip)}`;
    case 'MASQUERADE':
      return `-j MASQUERADE${t.randomFully ? ' --random-fully' : ''}`;
    case 'MARK':
      // iptables-save normalises --or-mark V to --set-xmark V/V and --xor-mark V to --set-xmark V/0x0.
      if (t.op === 'or') return `-j MARK --set-xmark ${hex(t.value)}/${hex(t.value)}`;
      if (t.op === 'xor') return `-j MARK --set-xmark ${hex(t.value)}/0x0`;
      return `-j MARK --set-xmark ${hex(t.value)}/0xffffffff`;
    case 'REJECT':
      return `-j REJECT${t.with ? ` --reject-with ${t.with}` : ''}`;
    default:
      return `-j ${t.t}`;
  }
}

/** `-A CHAIN …` as iptables-save prints the rule (kept on the rule: rules never change once written). */
export function ruleText(r: Rule): string {
  return (r.text ??= formatRule(r));
}

function formatRule(r: Rule): string {
  const m = r.m;
  const parts = [`-A ${r.chain}`];
  if (m.src) parts.push(`${m.srcNot ? '! ' : ''}-s ${formatCidr(m.src)}`);
  if (m.dst) parts.push(`${m.dstNot ? '! ' : ''}-d ${formatCidr(m.dst)}`);
  if (m.inIface) parts.push(`${m.inIfaceNot ? '! ' : ''}-i ${m.inIface}`);
  if (m.outIface) parts.push(`-o ${m.outIface}`);
  if (m.proto) parts.push(`-p ${m.proto}`);
  if (m.comment) parts.push(`-m comment --comment "${m.comment}"`);
  if (m.dport !== undefined && m.proto) parts.push(`-m ${m.proto} --dport ${m.dport}`);
  if (m.physdevIsIn) parts.push(`-m physdev ${m.physdevIsInNot ? '! ' : ''}--physdev-is-in`);
  if (m.srcType) parts.push(`-m addrtype ${m.srcTypeNot ? '! ' : ''}--src-type ${m.srcType}`);
  if (m.dstType) parts.push(`-m addrtype ${m.dstTypeNot ? '! ' : ''}--dst-type ${m.dstType}`);
  if (m.mark) parts.push(`-m mark ${m.mark.not ? '! ' : ''}--mark ${hex(m.mark.value)}/${hex(m.mark.mask)}`);
  if (m.set) parts.push(`-m set ${m.set.not ? '! ' : ''}--match-set ${m.set.name} ${m.set.dims}`);
  if (m.recent)
    parts.push(
      m.recent.op === 'rcheck'
        ? `-m recent --rcheck --seconds ${m.recent.seconds ?? 10800} --reap --name ${m.recent.name} --mask 255.255.255.255 --rsource`
        : `-m recent --set --name ${m.recent.name} --mask 255.255.255.255 --rsource`,
    );
  if (m.probability !== undefined) parts.push(`-m statistic --mode random --probability ${savedProbability(m.probability)}`);
  if (m.ctstate) parts.push(`-m conntrack --ctstate ${m.ctstate}`);
  parts.push(targetText(r.target));
  return parts.join(' ');
}

/** `iptables-save -t TABLE` for one table. */
export function tableText(t: Table): string {
  const lines = [`*${t.name}`];
  for (const b of t.builtins) lines.push(`:${b.name} ${b.policy} [0:0]`);
  // libiptc keeps user-defined chains sorted by name.
  const user = [...chainNames(t)].sort();
  for (const c of user) lines.push(`:${c} - [0:0]`);
  for (const b of t.builtins) for (const r of rulesOf(t, b.name) ?? []) lines.push(ruleText(r));
  for (const c of user) for (const r of rulesOf(t, c) ?? []) lines.push(ruleText(r));
  lines.push('COMMIT');
  return lines.join('\n');
}
