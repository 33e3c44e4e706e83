/** The ids that tie a log line to its trace in X-Ray. */
export interface TraceFields {
  /** X-Ray's form, `1-<8 hex>-<24 hex>`, which CloudWatch and X-Ray search by. */
  readonly traceId: string;
  readonly spanId: string;
}

type TraceFieldsReader = () => TraceFields | undefined;

let reader: TraceFieldsReader | undefined;

/**
 * Set by the tracing SDK when it starts (src/tracing/tracing-sdk.ts). The logger cannot import
 * OpenTelemetry itself: with tracing off, the process loads none of it.
 */
export function setTraceFieldsReader(read: TraceFieldsReader | undefined): void {
  reader = read;
}

/** For pino's `mixin`: the active span's ids on every line written inside a trace, else nothing. */
export function currentTraceFields(): Partial<TraceFields> {
  return reader?.() ?? {};
}

/** OpenTelemetry's 32-hex trace id (X-Ray ids put the epoch seconds first) in X-Ray's form. */
export function xrayTraceId(traceId: string): string {
  return `1-${traceId.slice(0, 8)}-${traceId.slice(8)}`;
}
