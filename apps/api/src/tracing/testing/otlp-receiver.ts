import { createServer, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';

/** One span as the collector would receive it, with the fields the tests look at. */
export interface ReceivedSpan {
  readonly serviceName: string | undefined;
  readonly resource: Readonly<Record<string, AttributeValue>>;
  readonly scope: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  /** OTLP's enum: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  readonly kind: number;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

export type AttributeValue = string | number | boolean | AttributeValue[] | undefined;

/**
 * A stand-in for the collector's OTLP/HTTP receiver (`POST /v1/traces`, protobuf), as the app
 * stack's sidecar listens on 127.0.0.1:4318. It decodes what the exporter really sends, so the
 * tests check the wire format the collector gets, not only what the SDK meant to send.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  /** Every request, decoded or not, so a test can tell "nothing was sent" from "nothing decoded". */
  readonly requests: { path: string; contentType: string | undefined }[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<OtlpReceiver> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        receiver.receive(
          request.url ?? '',
          request.headers['content-type'],
          request.headers['content-encoding'],
          Buffer.concat(chunks),
        );
        // An empty ExportTraceServiceResponse: everything accepted.
        response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as { port: number };
    const receiver = new OtlpReceiver(server, `http://127.0.0.1:${port}`);
    return receiver;
  }

  /** Resolves once `predicate` holds for the spans received so far, or rejects after `timeoutMs`. */
  async waitFor(
    predicate: (spans: readonly ReceivedSpan[]) => boolean,
    timeoutMs: number,
  ): Promise<void> {
    if (predicate(this.spans)) return;
    await new Promise<void>((done, fail) => {
      const check = () => {
        if (!predicate(this.spans)) return;
        cleanup();
        done();
      };
      const timer = setTimeout(() => {
        cleanup();
        fail(new Error(`spans not received in ${timeoutMs} ms: ${summarize(this.spans)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((done) => this.server.close(done));
  }

  private receive(
    path: string,
    contentType: string | undefined,
    encoding: string | undefined,
    body: Buffer,
  ): void {
    this.requests.push({ path, contentType });
    if (path !== '/v1/traces' || contentType !== 'application/x-protobuf') return;
    this.spans.push(
      ...decodeExportTraceServiceRequest(encoding === 'gzip' ? gunzipSync(body) : body),
    );
    for (const waiter of [...this.waiters]) waiter();
  }
}

export function summarize(spans: readonly ReceivedSpan[]): string {
  return JSON.stringify(spans.map((span) => `${span.serviceName} ${span.name} ${span.traceId}`));
}

// --- protobuf: just the fields of opentelemetry/proto/collector/trace/v1 the tests read ---------

type Field = { number: number; varint?: bigint; bytes?: Buffer };

function* fields(buffer: Buffer): Generator<Field> {
  let offset = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = buffer[offset++];
      if (byte === undefined) throw new Error('truncated varint');
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  const take = (length: number): Buffer => {
    const slice = buffer.subarray(offset, offset + length);
    if (slice.length !== length) throw new Error('truncated field');
    offset += length;
    return slice;
  };
  while (offset < buffer.length) {
    const key = Number(varint());
    const number = key >>> 3;
    switch (key & 7) {
      case 0:
        yield { number, varint: varint() };
        break;
      case 1:
        yield { number, bytes: take(8) };
        break;
      case 2:
        yield { number, bytes: take(Number(varint())) };
        break;
      case 5:
        yield { number, bytes: take(4) };
        break;
      default:
        throw new Error(`unsupported wire type ${key & 7}`);
    }
  }
}

function decodeExportTraceServiceRequest(buffer: Buffer): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of fields(buffer)) {
    if (resourceSpans.number !== 1 || !resourceSpans.bytes) continue;
    let resource: Record<string, AttributeValue> = {};
    const scopes: Buffer[] = [];
    for (const field of fields(resourceSpans.bytes)) {
      if (field.number === 1 && field.bytes) resource = attributesOf(field.bytes, 1);
      if (field.number === 2 && field.bytes) scopes.push(field.bytes);
    }
    for (const scopeSpans of scopes) {
      let scope = '';
      for (const field of fields(scopeSpans)) {
        if (field.number === 1 && field.bytes) scope = stringField(field.bytes, 1);
        if (field.number === 2 && field.bytes) {
          const serviceName = resource['service.name'];
          spans.push({
            ...decodeSpan(field.bytes),
            scope,
            resource,
            serviceName: typeof serviceName === 'string' ? serviceName : undefined,
          });
        }
      }
    }
  }
  return spans;
}

function decodeSpan(buffer: Buffer): Omit<ReceivedSpan, 'scope' | 'resource' | 'serviceName'> {
  const span = { traceId: '', spanId: '', parentSpanId: '', name: '', kind: 0 };
  const attributes: Record<string, AttributeValue> = {};
  for (const field of fields(buffer)) {
    if (field.number === 1 && field.bytes) span.traceId = field.bytes.toString('hex');
    if (field.number === 2 && field.bytes) span.spanId = field.bytes.toString('hex');
    if (field.number === 4 && field.bytes) span.parentSpanId = field.bytes.toString('hex');
    if (field.number === 5 && field.bytes) span.name = field.bytes.toString('utf8');
    if (field.number === 6 && field.varint !== undefined) span.kind = Number(field.varint);
    if (field.number === 9 && field.bytes) Object.assign(attributes, keyValue(field.bytes));
  }
  return { ...span, attributes };
}

/** The repeated KeyValue field `number` of a message (Resource: 1). */
function attributesOf(buffer: Buffer, number: number): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  for (const field of fields(buffer)) {
    if (field.number === number && field.bytes) Object.assign(attributes, keyValue(field.bytes));
  }
  return attributes;
}

function keyValue(buffer: Buffer): Record<string, AttributeValue> {
  let key = '';
  let value: AttributeValue;
  for (const field of fields(buffer)) {
    if (field.number === 1 && field.bytes) key = field.bytes.toString('utf8');
    if (field.number === 2 && field.bytes) value = anyValue(field.bytes);
  }
  return { [key]: value };
}

function anyValue(buffer: Buffer): AttributeValue {
  for (const field of fields(buffer)) {
    if (field.number === 1 && field.bytes) return field.bytes.toString('utf8');
    if (field.number === 2 && field.varint !== undefined) return field.varint !== 0n;
    if (field.number === 3 && field.varint !== undefined)
      return Number(BigInt.asIntN(64, field.varint));
    if (field.number === 4 && field.bytes) return field.bytes.readDoubleLE(0);
    if (field.number === 5 && field.bytes) {
      // ArrayValue: repeated AnyValue values = 1.
      return [...fields(field.bytes)].flatMap((item) => (item.bytes ? [anyValue(item.bytes)] : []));
    }
  }
  return undefined;
}

function stringField(buffer: Buffer, number: number): string {
  for (const field of fields(buffer)) {
    if (field.number === number && field.bytes) return field.bytes.toString('utf8');
  }
  return '';
}
