import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsString,
  Length,
  Matches,
  registerDecorator,
  ValidateNested,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { NOT_BLANK, NOT_BLANK_TEXT } from '../http/text-rules';

export const MAX_MESSAGES = 20;
export const MAX_MESSAGE_LENGTH = 4_000;
/** Bounds the prompt (and so the cost) of one call, whatever the split between messages. */
export const MAX_CONVERSATION_LENGTH = 16_000;

export const CHAT_ROLES = ['user', 'assistant'] as const;
export type ChatRole = (typeof CHAT_ROLES)[number];

export class ChatMessageDto {
  @ApiProperty({ enum: CHAT_ROLES, example: 'user' })
  @IsIn(CHAT_ROLES, { message: 'role must be user or assistant' })
  role: ChatRole;

  @ApiProperty({
    minLength: 1,
    maxLength: MAX_MESSAGE_LENGTH,
    pattern: NOT_BLANK_TEXT,
    example: 'What did you build with NestJS?',
  })
  @IsString()
  @Length(1, MAX_MESSAGE_LENGTH)
  @Matches(NOT_BLANK, { message: 'content must not be blank' })
  content: string;
}

export class ChatRequestDto {
  @ApiProperty({
    type: [ChatMessageDto],
    minItems: 1,
    maxItems: MAX_MESSAGES,
    description:
      'The conversation so far, oldest first: starts and ends with a user message, roles ' +
      `alternate, at most ${MAX_CONVERSATION_LENGTH} characters of content in total.`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_MESSAGES)
  @ValidateNested({ each: true })
  @Type(() => ChatMessageDto)
  @IsConversation()
  messages: ChatMessageDto[];
}

/**
 * The shape Bedrock's Converse accepts and a chat needs: user first and last, roles alternating,
 * bounded in total. Only judged once every message is itself well formed (the other decorators
 * report those).
 */
function IsConversation(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isConversation',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => conversationProblem(value) === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          conversationProblem(args?.value) ?? 'messages is not a valid conversation',
      },
    });
  };
}

function conversationProblem(value: unknown): string | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const wellFormed = value.every(
    (message): message is ChatMessageDto =>
      typeof message === 'object' &&
      message !== null &&
      CHAT_ROLES.includes((message as ChatMessageDto).role) &&
      typeof (message as ChatMessageDto).content === 'string',
  );
  if (!wellFormed) return undefined;
  const messages: ChatMessageDto[] = value;
  if (messages[0]?.role !== 'user') return 'messages must start with a user message';
  if (messages.at(-1)?.role !== 'user') return 'messages must end with a user message';
  const repeated = messages.findIndex(
    (message, index) => index > 0 && message.role === messages[index - 1]?.role,
  );
  if (repeated > 0) {
    return `messages must alternate between user and assistant: messages.${repeated} repeats the role ${messages[repeated]?.role}`;
  }
  const total = messages.reduce((sum, message) => sum + message.content.length, 0);
  if (total > MAX_CONVERSATION_LENGTH) {
    return `messages must hold at most ${MAX_CONVERSATION_LENGTH} characters of content in total, got ${total}`;
  }
  return undefined;
}
