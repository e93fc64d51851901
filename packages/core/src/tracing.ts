// OpenTelemetry spans made from the hooks, with no import of @opentelemetry/api: the types below
// are the part of its Tracer, Span and Context that is used, so a tracer from any 1.x version of
// the API fits. Its own entry (`@authspec/core/tracing`), so that no client bundle carries it.
import type { ClientHooks, HookEvent } from './hooks';

/** Attribute values the spans carry. */
export type SpanAttributes = Record<string, string | number | boolean>;

/** What `tracing()` does with a span: `Span` of `@opentelemetry/api` fits. */
export interface TracingSpan {
  /** Set one attribute. */
  setAttribute(key: string, value: string | number | boolean): unknown;
  /** Mark the span failed (`code` 2, SpanStatusCode.ERROR). */
  setStatus(status: { code: number; message?: string }): unknown;
  /** Whether the span is recorded (false when sampled out or when tracing is suppressed). */
  isRecording(): boolean;
  /** End the span. */
  end(): void;
}

/** A context that holds the parent of a new span: `Context` of `@opentelemetry/api` fits. */
export interface TracingContext {
  /** The value under `key`. */
  getValue(key: symbol): unknown;
  /** A new context with `value` under `key`. */
  setValue(key: symbol, value: unknown): TracingContext;
  /** A new context without `key`. */
  deleteValue(key: symbol): TracingContext;
}

/** A tracer, as `trace.getTracer(name)` of `@opentelemetry/api` answers it; only `startSpan` is used. */
export interface Tracer {
  /** Start a span; without `context`, its parent is the active span. */
  startSpan(
    name: string,
    options?: { kind?: number; attributes?: SpanAttributes },
    context?: TracingContext,
  ): TracingSpan;
}

/** SpanKind.CLIENT and SpanStatusCode.ERROR of the API. */
const CLIENT = 2;
const ERROR = 2;
/** The key under which @opentelemetry/api keeps the active span (a Symbol.for, shared by all its versions). */
const SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN');

/** What is being traced of one call. */
type CallTrace = {
  operation: TracingSpan;
  attempt?: TracingSpan | undefined;
  /** Whether the open attempt got an answer (its status then says how it went). */
  answered?: boolean;
  requests: number;
  retries: number;
};

/**
 * Hooks that trace every call as OpenTelemetry spans: one span per operation (named by its
 * operationId, kind CLIENT, child of the active span, with `authspec.retry_count`), and under it
 * one span per HTTP request (named by its method, kind CLIENT) with the HTTP semantic-convention
 * attributes `http.request.method`, `url.full` (secrets redacted), `server.address`,
 * `server.port`, `http.response.status_code` and, from the second request on,
 * `http.request.resend_count`. A failure sets `error.type` (the status, or the error's class
 * name) and the ERROR status. No header, body or secret value is ever an attribute.
 *
 * @param tracer E.g. `trace.getTracer('my-app')` from `@opentelemetry/api`.
 * @example createEquinixOtpClient({ authToken, hooks: tracing(trace.getTracer('my-app')) })
 */
export function tracing(tracer: Tracer): ClientHooks {
  const calls = new WeakMap<object, CallTrace>();
  const traceOf = (event: HookEvent) => {
    let trace = calls.get(event.call);
    if (!trace) {
      trace = { operation: tracer.startSpan(event.operationId, { kind: CLIENT }), requests: 0, retries: 0 };
      calls.set(event.call, trace);
    }
    return trace;
  };
  const endAttempt = (trace: CallTrace, error?: { name: string }) => {
    if (!trace.attempt) return;
    // An answered attempt says how it went by its status; one without an answer by its error.
    if (error && !trace.answered) fail(trace.attempt, error.name);
    trace.attempt.end();
    trace.attempt = undefined;
  };
  const finish = (event: HookEvent, error?: { name: string; message: string }) => {
    const trace = traceOf(event);
    endAttempt(trace, error);
    trace.operation.setAttribute('authspec.retry_count', trace.retries);
    if (error) fail(trace.operation, error.name, error.message);
    trace.operation.end();
    calls.delete(event.call);
  };
  return {
    onRequest(event) {
      const trace = traceOf(event);
      // A request repeated after a 401: the refused one ended with its answer.
      endAttempt(trace);
      // Spans under one not recorded would start traces of their own.
      if (!trace.operation.isRecording()) return;
      const attributes: SpanAttributes = { 'http.request.method': event.method, 'url.full': event.url };
      let url: URL | undefined;
      try {
        url = new URL(event.url);
      } catch {
        // A hand-written request's URL that the runtime could still send: no server attributes.
      }
      if (url) {
        attributes['server.address'] = url.hostname.replace(/^\[(.*)\]$/, '$1');
        attributes['server.port'] = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
      }
      if (trace.requests) attributes['http.request.resend_count'] = trace.requests;
      trace.requests++;
      trace.answered = false;
      trace.attempt = tracer.startSpan(
        event.method,
        { kind: CLIENT, attributes },
        contextOf(new Map([[SPAN_KEY, trace.operation]])),
      );
    },
    onResponse(event) {
      const trace = calls.get(event.call);
      if (!trace?.attempt) return;
      trace.answered = true;
      trace.attempt.setAttribute('http.response.status_code', event.status);
      if (event.status >= 400) fail(trace.attempt, String(event.status));
    },
    onRetry(event) {
      const trace = traceOf(event);
      trace.retries++;
      endAttempt(trace, event.reason);
    },
    onError: (event) => finish(event, event.error),
    onSuccess: (event) => finish(event),
  };
}

function fail(span: TracingSpan, type: string, message?: string) {
  span.setAttribute('error.type', type);
  span.setStatus(message === undefined ? { code: ERROR } : { code: ERROR, message });
}

/**
 * A context holding only the operation's span, to parent the request spans on without
 * `context.active()` (which needs the API and a context manager).
 */
function contextOf(values: Map<symbol, unknown>): TracingContext {
  return {
    getValue: (key) => values.get(key),
    setValue: (key, value) => contextOf(new Map(values).set(key, value)),
    deleteValue: (key) => {
      const next = new Map(values);
      next.delete(key);
      return contextOf(next);
    },
  };
}
