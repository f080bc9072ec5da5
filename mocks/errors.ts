// Twilio's legacy error body, as Chat and Conversations return it: {code, message, more_info, status}.

export const ERROR_CODES = {
  authenticate: 20003,
  notFound: 20404,
  tooManyRequests: 20429,
  internal: 20500,
  /** The fake's code for a bad parameter value (Twilio's exact code per parameter is not documented). */
  invalidParameter: 20001,
  invalidPageToken: 21481,
  channelUniqueNameExists: 50307,
} as const;

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export function twilioErrorBody(status: number, code: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

export function twilioError(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json(twilioErrorBody(status, code, message), { status, headers });
}

/**
 * A Twilio error answer, thrown by lookups and parameter parsers and turned into a Response by the router. (Not
 * `instanceof Response` checks: servers such as @hono/node-server replace the global Response class.)
 */
export class TwilioFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'TwilioFailure';
  }

  toResponse(): Response {
    return twilioError(this.status, this.code, this.message, this.headers);
  }
}

export const notFound = (resourcePath: string) =>
  new TwilioFailure(404, ERROR_CODES.notFound, `The requested resource ${resourcePath} was not found`);

export const invalidParameter = (message: string) =>
  new TwilioFailure(400, ERROR_CODES.invalidParameter, message);

/** A sensible default Twilio code for an injected status. */
export function defaultCodeFor(status: number): number {
  if (status === 401) return ERROR_CODES.authenticate;
  if (status === 404) return ERROR_CODES.notFound;
  if (status === 429) return ERROR_CODES.tooManyRequests;
  if (status >= 500) return ERROR_CODES.internal;
  return ERROR_CODES.invalidParameter;
}

export function defaultMessageFor(status: number): string {
  if (status === 401) return 'Authenticate';
  if (status === 404) return 'The requested resource was not found';
  if (status === 429) return 'Too many requests';
  if (status === 503) return 'Service unavailable';
  if (status >= 500) return 'Internal server error';
  return 'Bad request';
}
