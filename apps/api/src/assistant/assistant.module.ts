import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BedrockModule } from '../bedrock/bedrock.module';
import { Project } from '../projects/project.entity';
import { AssistantChat } from './assistant-chat';
import { AssistantController } from './assistant.controller';
import { AssistantMetrics } from './assistant-metrics';
import { PublishedProjects } from './published-projects';

/** `POST /assistant/chat`: questions about the owner's work, answered by Bedrock, streamed. */
@Module({
  imports: [BedrockModule, TypeOrmModule.forFeature([Project])],
  controllers: [AssistantController],
  providers: [AssistantChat, AssistantMetrics, PublishedProjects],
})
export class AssistantModule {}
