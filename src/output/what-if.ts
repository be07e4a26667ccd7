/** The what-if report as text (per app: each policy, whether it applies and why; the requirement; the outcome) and JSON. */
import type { WhatIfReport, WhatIfStatus } from '../checks/what-if';
import { paint } from './ansi';

const MARK: Record<WhatIfStatus, { glyph: string; colour: 'green' | 'yellow' | 'red' | 'gray' }> = {
  granted: { glyph: '▲', colour: 'yellow' },
  mfa: { glyph: '✔', colour: 'green' },
  refused: { glyph: '✖', colour: 'red' },
  depends: { glyph: '?', colour: 'yellow' },
  'not-evaluated': { glyph: '▲', colour: 'gray' },
};

export function renderWhatIfText(r: WhatIfReport, options: { color: boolean }): string {
  const p = paint(options.color);
  const who = r.user.userPrincipalName ?? r.user.id;
  const out = [
    p.bold(`What if ${who} signs in${r.connection ? ` with ${r.connection}` : ''}`),
    `  client app type: ${r.clientAppType}; device: ${r.device.join}, compliant ${r.device.compliant}; methods: ${r.methods ? r.methods.join(', ') || 'none' : 'unknown'}`,
    '',
  ];
  for (const app of r.apps) {
    out.push(p.bold(`${app.appName} (${app.appId})`));
    for (const pol of app.policies) {
      const tag =
        pol.applies === 'yes'
          ? pol.enforced
            ? 'applies'
            : `applies (${pol.state})`
          : pol.applies === 'may'
            ? 'may apply'
            : 'does not apply';
      out.push(`  ${pol.applies === 'no' ? '-' : '•'} "${pol.displayName}": ${tag}`);
      for (const reason of pol.reasons) out.push(`      ${reason}`);
      for (const c of pol.grant?.controls ?? []) out.push(`      grant ${c.control}: ${c.status} (${c.why})`);
    }
    out.push(`  requires: ${app.requirements.length ? app.requirements.join('; ') : 'nothing'}`, '');
  }
  const m = MARK[r.outcome.status];
  out.push(`${p.colour(m.colour, m.glyph)} ${p.bold(r.outcome.summary)}`);
  for (const reason of r.outcome.reasons) out.push(`    ${reason}`);
  return `${out.join('\n')}\n`;
}

export function renderWhatIfJson(r: WhatIfReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
