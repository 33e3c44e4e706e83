import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { BedrockConfig } from '../config/config';

/**
 * How long the HTTP/2 stream to Bedrock may stay silent (no header, no event frame) before the SDK
 * gives up with a TimeoutError. Bedrock sends the first event within seconds and then a frame per
 * few tokens, so 30 s of silence means the connection or the model is stuck.
 */
export const BEDROCK_IDLE_TIMEOUT_MS = 30_000;

/**
 * The Bedrock Runtime client. Credentials come from the SDK's default provider chain: the ECS task
 * role in AWS, the developer's profile locally; never keys in the configuration.
 *
 * The request handler stays the SDK's default, NodeHttp2Handler: HTTP/2 over TLS to the regional
 * endpoint. With an `http://` endpoint (the local fake in tests) the same handler speaks cleartext
 * HTTP/2 with prior knowledge (`http2.connect` picks TLS from the URL scheme), so tests exercise the
 * production transport; only its timeouts are set here.
 */
export function createBedrockClient(config: BedrockConfig): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    maxAttempts: config.maxAttempts,
    requestHandler: {
      // No separate connect timeout exists for HTTP/2: the stream's idle timer covers the connect,
      // and BedrockChat bounds the wait for the response headers on top.
      requestTimeout: BEDROCK_IDLE_TIMEOUT_MS,
      // The SDK default for this client: one session per request (event streams get one anyway).
      disableConcurrentStreams: true,
    },
  });
}
