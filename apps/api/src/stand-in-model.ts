import {
  startFakeBedrock,
  type RecordedConverseRequest,
} from './bedrock/stand-in/bedrock-stand-in';
import { standInAnswer } from './bedrock/stand-in/stand-in-answer';

// `node dist/stand-in-model.js [port]`: a local stand-in for Amazon Bedrock that `make dev` starts
// when no AWS credentials are configured, so the assistant answers on a laptop. It speaks
// ConverseStream's wire protocol; the API is pointed at it with BEDROCK_ENDPOINT.
async function main(): Promise<void> {
  const port = Number(process.argv[2] ?? process.env.STAND_IN_MODEL_PORT ?? 4599);
  const model = await startFakeBedrock({
    port,
    respond: (request: RecordedConverseRequest) => ({
      kind: 'answer',
      deltas: standInAnswer(request),
      stopReason: 'end_turn',
      // Word by word, so the page shows the answer streaming in as a real model's would.
      delayMs: 25,
    }),
  });
  console.log(
    `stand-in model: answering ConverseStream at ${model.endpoint} (no AWS call is made)`,
  );
  const stop = () => void model.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main().catch((error: unknown) => {
  console.error(`stand-in model: ${(error as Error).message}`);
  process.exit(1);
});
