import type { ExperienceComponents } from '@authspec/logto';
import type { Clock } from './clock.js';

/** A message the sandbox "sent" instead of delivering it. */
export interface OutboxMessage {
  /** How it was "sent". */
  channel: 'email' | 'sms';
  /** Email address or phone number. */
  to: string;
  /** The code it carries. */
  code: string;
  /** The emulated API that sent it (`'logto'`, `'equinix'`). */
  service: string;
  /** The Logto interaction event the code was requested for (Logto only). */
  interactionEvent?: ExperienceComponents['schemas']['InteractionEvent'];
  /** When it was sent, sandbox clock (epoch ms). */
  at: number;
}

/** Codes the sandbox "sent" by email or SMS. */
export interface Outbox {
  /** Every message, oldest first; optionally only those to one recipient. */
  list(to?: string): OutboxMessage[];
  /** The newest message to a recipient (or overall). */
  latest(to?: string): OutboxMessage | undefined;
  /** Forgets every message. */
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
