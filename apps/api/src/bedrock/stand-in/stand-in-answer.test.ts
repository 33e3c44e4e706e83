import { buildSystemPrompt } from '../../assistant/system-prompt';
import type { RecordedConverseRequest } from './bedrock-stand-in';
import { standInAnswer } from './stand-in-answer';

const request = (system: string, question: string): RecordedConverseRequest => ({
  modelId: 'amazon.nova-lite-v1:0',
  headers: {},
  system,
  messages: [{ role: 'user', text: question }],
  inferenceConfig: undefined,
  closed: Promise.resolve('completed'),
});

describe('the stand-in model’s answer', () => {
  it('says it is a stand-in, repeats the question and names the projects of the real system prompt', () => {
    const system = buildSystemPrompt([
      { slug: 'skyport', title: 'Skyport', summary: 'The platform.' },
      { slug: 'notes', title: 'Field notes', summary: 'Writing.' },
    ]);
    const answer = standInAnswer(request(system, 'What did you build?')).join('');
    expect(answer).toContain('local stand-in model');
    expect(answer).toContain('“What did you build?”');
    expect(answer).toContain('The published projects I was told about are: Skyport, Field notes.');
  });

  it('comes as word-sized deltas', () => {
    const deltas = standInAnswer(request('', 'hi'));
    expect(deltas.length).toBeGreaterThan(10);
    expect(deltas.join('')).toMatch(/No published projects/);
  });
});
