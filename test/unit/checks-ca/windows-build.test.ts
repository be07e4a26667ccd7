import { describe, expect, it } from 'vitest';
import {
  formatBuild,
  parseWindowsBuild,
  passwordRdpClientSupport,
  webAccountRdpSupport,
} from '../../../src/checks/windows-build';

describe('parseWindowsBuild', () => {
  it.each([
    ['10.0.22621.674', '10.0.22621.674', true],
    ['22621.674', '10.0.22621.674', true],
    ['Microsoft Windows [Version 10.0.19045.3803]', '10.0.19045.3803', true],
    ['\r\nMicrosoft Windows [Version 10.0.20348.1129]\r\n', '10.0.20348.1129', true],
    ['10.0.22000', '10.0.22000.0', false],
    ['22631', '10.0.22631.0', false],
  ])('%j → %s', (input, formatted, hasRevision) => {
    const b = parseWindowsBuild(input)!;
    expect(formatBuild(b)).toBe(formatted);
    expect(b.hasRevision).toBe(hasRevision);
  });

  it.each(['', 'Windows 11', '10', '6.3', 'latest', '10.0.x.1'])('rejects %j', (input) => {
    expect(parseWindowsBuild(input)).toBeUndefined();
  });
});

describe('webAccountRdpSupport', () => {
  it.each([
    ['10.0.22000.1097', false],
    ['10.0.22000.1098', true],
    ['10.0.19042.2129', false],
    ['10.0.19044.2130', true],
    ['10.0.19045.3803', true],
    ['10.0.20348.1128', false],
    ['10.0.20348.1129', true],
    ['10.0.22621.673', false],
    ['10.0.22621.674', true],
    ['10.0.22631.2861', true],
    ['10.0.26100.1', true],
    ['10.0.19041.1415', false],
    ['10.0.17763.5329', false],
  ])('%s supported: %s', (build, supported) => {
    expect(webAccountRdpSupport(parseWindowsBuild(build)!).supported).toBe(supported);
  });

  it('names the update that is missing', () => {
    expect(webAccountRdpSupport(parseWindowsBuild('22000.900')!).requirement).toBe(
      'Windows 11 21H2 22000.1098 or later (KB5018418)',
    );
  });
});

describe('passwordRdpClientSupport', () => {
  it('needs Windows 10 2004 for a registered client, Windows 10 for a joined one', () => {
    const b1909 = parseWindowsBuild('10.0.18363.1556')!;
    expect(passwordRdpClientSupport(b1909, true).supported).toBe(false);
    expect(passwordRdpClientSupport(b1909, false).supported).toBe(true);
    expect(passwordRdpClientSupport(parseWindowsBuild('10.0.19041.1')!, true).supported).toBe(true);
  });
});
