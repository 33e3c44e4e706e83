import { Inject, Injectable } from '@nestjs/common';
import { BedrockChat, type ConverseStreamEvent } from '../bedrock/bedrock-chat';
import type { ApiConfig } from '../config/config';
import { API_CONFIG } from '../config/config.module';
import type { ChatMessageDto } from './chat-request.dto';
import { PublishedProjects } from './published-projects';
import { buildSystemPrompt } from './system-prompt';

/** Low enough to keep answers close to the project list, high enough not to sound canned. */
export const ASSISTANT_TEMPERATURE = 0.3;

/** A visitor's conversation, answered by the model about the owner's published projects. */
@Injectable()
export class AssistantChat {
  constructor(
    private readonly bedrock: BedrockChat,
    private readonly projects: PublishedProjects,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async answer(
    messages: readonly ChatMessageDto[],
    signal: AbortSignal,
  ): Promise<AsyncGenerator<ConverseStreamEvent>> {
    const system = buildSystemPrompt(await this.projects.forPrompt());
    return this.bedrock.converseStream({
      system,
      messages: messages.map((message) => ({ role: message.role, text: message.content })),
      maxTokens: this.config.bedrock.maxTokens,
      temperature: ASSISTANT_TEMPERATURE,
      signal,
    });
  }
}
