import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { ApiConfig } from '../config/config';
import { API_CONFIG } from '../config/config.module';
import { BEDROCK_CLIENT, BedrockChat } from './bedrock-chat';
import { createBedrockClient } from './bedrock-client';

/** Amazon Bedrock Runtime: the client (from config.bedrock) and the chat stream over it. */
@Module({
  providers: [
    {
      provide: BEDROCK_CLIENT,
      inject: [API_CONFIG],
      useFactory: (config: ApiConfig) => createBedrockClient(config.bedrock),
    },
    BedrockChat,
  ],
  exports: [BedrockChat],
})
export class BedrockModule implements OnApplicationShutdown {
  constructor(@Inject(BEDROCK_CLIENT) private readonly client: BedrockRuntimeClient) {}

  onApplicationShutdown(): void {
    this.client.destroy();
  }
}
