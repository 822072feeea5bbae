/** The part of the `aws4` package (plain JS, no types of its own) that auth/aws.ts uses. */
declare module 'aws4' {
  export interface SignableRequest {
    method?: string;
    host?: string;
    path?: string;
    headers?: Record<string, string | number>;
    body?: string | Buffer;
    service?: string;
    region?: string;
    doNotModifyHeaders?: boolean;
    doNotEncodePath?: boolean;
  }
  export interface Credentials {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
  }
  export class RequestSigner {
    constructor(request: SignableRequest, credentials: Credentials);
    request: SignableRequest & { headers: Record<string, string | number>; path: string };
    datetime?: string;
    canonicalString(): string;
    stringToSign(): string;
    signature(): string;
    authHeader(): string;
    sign(): SignableRequest & { headers: Record<string, string | number>; path: string };
  }
  export function sign(request: SignableRequest, credentials: Credentials): SignableRequest;
}
