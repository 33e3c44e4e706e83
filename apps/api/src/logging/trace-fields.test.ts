import { createLogger } from './logger';
import { setTraceFieldsReader, xrayTraceId } from './trace-fields';

describe('trace ids in log lines', () => {
  afterEach(() => setTraceFieldsReader(undefined));

  function lineOf(
    write: (logger: ReturnType<typeof createLogger>) => void,
  ): Record<string, unknown> {
    const lines: string[] = [];
    write(createLogger('info', 'test', { write: (line: string) => lines.push(line) }));
    return JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
  }

  it('adds nothing while no tracer is running', () => {
    const line = lineOf((logger) => logger.info('hello'));
    expect(line).not.toHaveProperty('traceId');
  });

  it('adds the active span’s X-Ray trace id and span id inside a trace', () => {
    setTraceFieldsReader(() => ({
      traceId: xrayTraceId('5759e988bd862e3fe1be46a994272793'),
      spanId: '53995c3f42cd8ad8',
    }));
    expect(lineOf((logger) => logger.warn('slow'))).toMatchObject({
      traceId: '1-5759e988-bd862e3fe1be46a994272793',
      spanId: '53995c3f42cd8ad8',
      msg: 'slow',
    });
  });
});
