import type { ServerConfig } from './config.ts';

// Where Twilio lives for a region and edge (TWILIO_REGION / TWILIO_EDGE), as Twilio's own libraries build it, and what
// that leaves the console (Programmable Chat is US1 only).

/**
 * A product's host as Twilio's own libraries build it (twilio-node BaseTwilio.getHostname): `{product}.{edge}.{region}
 * .twilio.com`; an edge alone means region us1; neither leaves the global host.
 */
export function twilioHost(
  product: 'chat' | 'conversations',
  edge: string | null,
  region: string | null,
): string {
  const effectiveRegion = region ?? (edge ? 'us1' : null);
  if (!effectiveRegion) return `${product}.twilio.com`;
  return [product, edge, effectiveRegion, 'twilio.com'].filter(Boolean).join('.');
}

/** The Console APIs the configuration can reach: without Chat in the region, Conversations alone. */
export function availableApis(
  config: Pick<ServerConfig, 'chatBaseUrl'>,
): ('chat-v2' | 'chat-v1' | 'conversations')[] {
  return config.chatBaseUrl === null ? ['conversations'] : ['chat-v2', 'chat-v1', 'conversations'];
}

/** For the startup line: the Twilio hosts in use (and why Chat is missing, when it is). */
export function describeTwilioHosts(
  config: Pick<ServerConfig, 'chatBaseUrl' | 'conversationsBaseUrl' | 'region'>,
) {
  const chat = config.chatBaseUrl ?? `no Chat (Twilio offers it in US1 only, region ${config.region})`;
  return `${chat} and ${config.conversationsBaseUrl}`;
}

/**
 * The Chat and Conversations bases: explicit base URLs win (a proxy, a test double); otherwise the region's hosts,
 * with no Chat outside US1. A region with neither product is a problem to report.
 */
export function twilioBases(
  given: { region: string | null; edge: string | null; chat?: string; conversations?: string },
  problems: string[],
): Pick<ServerConfig, 'chatBaseUrl' | 'conversationsBaseUrl'> {
  const { region, edge } = given;
  const chatInRegion = region === null || region === 'us1';
  const chatBaseUrl = given.chat ?? (chatInRegion ? `https://${twilioHost('chat', edge, region)}` : null);
  const conversationsBaseUrl = given.conversations ?? `https://${twilioHost('conversations', edge, region)}`;
  if (region === 'au1' && !given.conversations) {
    problems.push(
      'TWILIO_REGION=au1: Twilio offers neither Conversations nor Chat in AU1 (error 50385); use us1 or ie1',
    );
  }
  return { chatBaseUrl, conversationsBaseUrl };
}
