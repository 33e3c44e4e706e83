import type { RecordedConverseRequest } from './bedrock-stand-in';

/**
 * What the stand-in model says: that it is a stand-in, what it was asked, and the projects the
 * API's system prompt listed, so the whole path (prompt, streaming, rendering) is visible locally.
 * Returned as word-sized deltas.
 */
export function standInAnswer(request: RecordedConverseRequest): string[] {
  const question =
    [...request.messages].reverse().find((message) => message.role === 'user')?.text ?? '';
  const projects = [...request.system.matchAll(/^- (.+?) \(\/projects\/[^)]+\):/gm)].map(
    (match) => match[1] ?? '',
  );
  const text =
    `This is the local stand-in model: no AWS credentials are configured, so Amazon Bedrock was not called. ` +
    `You asked: “${question.slice(0, 200)}”. ` +
    (projects.length > 0
      ? `The published projects I was told about are: ${projects.join(', ')}.`
      : 'No published projects were in my instructions.');
  return text.split(/(?<= )/);
}
