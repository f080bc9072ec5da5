// The host names Horizon answers (CONSOLE_ALLOWED_HOSTS and its defaults): the defence against DNS rebinding.

export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

export const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/**
 * Which Host headers Horizon answers. Without this check a DNS-rebinding page (attacker.example resolving to
 * 127.0.0.1) is "same origin" with itself and could use a loopback Horizon. Defaults: the loopback names on a
 * loopback HOST (demo, or live behind a local proxy), else CONSOLE_PUBLIC_ORIGIN's host; live off loopback with
 * neither set is a configuration error rather than a server that answers any name.
 */
export function allowedHostsFrom(
  raw: string | undefined,
  publicOrigin: string | null,
  mode: 'demo' | 'live',
  host: string,
  problems: string[],
): string[] {
  if (raw) {
    const hosts = raw
      .split(',')
      .map((entry) =>
        entry
          .trim()
          .toLowerCase()
          .replace(/^\[|\]$/g, ''),
      )
      .filter(Boolean);
    for (const name of hosts) {
      if (!/^[a-z0-9.:-]+$/.test(name)) problems.push(`CONSOLE_ALLOWED_HOSTS: "${name}" is not a host name`);
    }
    return hosts;
  }
  const hosts = publicOrigin ? [new URL(publicOrigin).hostname.replace(/^\[|\]$/g, '')] : [];
  if (mode === 'demo' || isLoopback(host)) hosts.push(...LOOPBACK_NAMES);
  if (hosts.length === 0) {
    problems.push(
      `HOST ${host} is not loopback: set CONSOLE_PUBLIC_ORIGIN (the origin browsers use) or CONSOLE_ALLOWED_HOSTS ` +
        '(the host names this server answers), so requests for other names are refused',
    );
  }
  return [...new Set(hosts)];
}
