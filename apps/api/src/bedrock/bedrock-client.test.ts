import { createBedrockClient } from './bedrock-client';

describe('createBedrockClient', () => {
  const base = { region: 'eu-west-1', modelId: 'amazon.nova-lite-v1:0', maxTokens: 512 };

  it('keeps the SDK default transport (HTTP/2) with bounded timeouts and the configured attempts', async () => {
    const client = createBedrockClient({ ...base, maxAttempts: 3 });
    try {
      expect(client.config.requestHandler.metadata?.handlerProtocol).toBe('h2');
      expect(await client.config.maxAttempts()).toBe(3);
      expect(await client.config.region()).toBe('eu-west-1');
      // No endpoint configured: the regional HTTPS endpoint.
      expect(client.config.endpoint).toBeUndefined();
    } finally {
      client.destroy();
    }
  });

  it('uses the configured endpoint (a VPC endpoint, the local fake)', async () => {
    const client = createBedrockClient({
      ...base,
      maxAttempts: 1,
      endpoint: 'http://127.0.0.1:4599',
    });
    try {
      const endpoint = await client.config.endpoint?.();
      expect(endpoint).toMatchObject({ protocol: 'http:', hostname: '127.0.0.1', port: 4599 });
      expect(await client.config.maxAttempts()).toBe(1);
    } finally {
      client.destroy();
    }
  });
});
