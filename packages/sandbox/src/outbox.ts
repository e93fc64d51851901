import type { Clock } from './clock.js';

export type InteractionEvent = 'SignIn' | 'Register' | 'ForgotPassword';

/** A message the sandbox "sent" instead of delivering it. */
export interface OutboxMessage {
  channel: 'email' | 'sms';
  /** Email address or phone number. */
  to: string;
  code: string;
  /** Which emulated service sent it. */
  service: 'logto' | 'equinix';
  /** The Logto interaction event the code was requested for (Logto only). */
  interactionEvent?: InteractionEvent;
  /** When it was sent, sandbox clock (epoch ms). */
  at: number;
}

export interface Outbox {
  /** Every message, oldest first; optionally only those to one recipient. */
  list(to?: string): OutboxMessage[];
  /** The newest message to a recipient (or overall). */
  latest(to?: string): OutboxMessage | undefined;
  clear(): void;
}

export class MemoryOutbox implements Outbox {
  readonly #messages: OutboxMessage[] = [];

  constructor(private readonly clock: Clock) {}

  push(message: Omit<OutboxMessage, 'at'>): OutboxMessage {
    const stored = { ...message, at: this.clock.now() };
    this.#messages.push(stored);
    return stored;
  }

  list(to?: string): OutboxMessage[] {
    return this.#messages.filter((m) => to === undefined || m.to === to).map((m) => ({ ...m }));
  }

  latest(to?: string): OutboxMessage | undefined {
    return this.list(to).at(-1);
  }

  clear(): void {
    this.#messages.length = 0;
  }
}
