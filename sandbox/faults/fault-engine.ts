import { createRandom, type Random } from '../prng';
import type { FaultControl, FaultRule, FaultTarget } from '../types';
import { parseFaultRule } from './fault-schema';

/** Where a request went; 'other' is only matched by target 'all'. */
export type RequestTarget = Exclude<FaultTarget, 'all'> | 'other';

interface ActiveRule {
  id: string;
  rule: FaultRule;
  pattern?: RegExp;
  remaining: number;
}

export interface FaultDecision {
  /** Total delay before handling: latency rules plus, for the API, the global latency and jitter. */
  delayMs: number;
  /** Delay between the two halves of the body, when a slow-body rule applies. */
  slowBodyMs?: number;
  /** Send the headers and half the body, then destroy the socket (a connection lost mid-transfer). */
  dropMidBody?: boolean;
  /**
   * The server handles the request in full (the token endpoint rotates the refresh token), then its answer is
   * lost ('drop': the connection is destroyed) or held back ('delay') for `delayMs`.
   */
  afterHandling?: { finish: 'drop' | 'delay'; delayMs: number };
  /** In an API list, make the first item invalid (its title a number) and leave the rest intact. */
  malformItem?: boolean;
  /** A rule that answers instead of the server (status, malformed-json, drop, huge-body, endless-body). */
  terminal?: FaultRule;
}

/** The kinds that answer instead of the server; at most one of them applies per request. */
const TERMINAL_KINDS: ReadonlySet<FaultRule['kind']> = new Set([
  'status',
  'malformed-json',
  'drop',
  'huge-body',
  'endless-body',
]);

/** Which fault target a request path belongs to. */
export function classifyPath(path: string): RequestTarget {
  const p = path.toLowerCase();
  if (p === '/api/v1' || p.startsWith('/api/v1/')) return 'api';
  if (p === '/connect/token') return 'token';
  if (p === '/connect/authorize' || p.startsWith('/connect/authorize/')) return 'authorize';
  if (p === '/connect/revocation') return 'revocation';
  if (p === '/.well-known/openid-configuration') return 'discovery';
  return 'other';
}

/** Holds fault rules and the latency settings, and decides per request which of them apply. */
export class FaultEngine implements FaultControl {
  private rules: ActiveRule[] = [];
  private nextId = 1;
  private latencyMs: number;
  private jitterMs: number;
  private readonly random: Random;

  constructor(seed: string, latencyMs = 0, jitterMs = 0) {
    this.random = createRandom(`${seed}:faults`);
    this.latencyMs = latencyMs;
    this.jitterMs = jitterMs;
  }

  /** Adds a rule; returns a disposer that removes exactly this rule. */
  add(rule: FaultRule): () => void {
    const id = this.addRule(rule);
    return () => {
      this.remove(id);
    };
  }

  /** Validates and adds a rule, returning its id (for the admin endpoint). */
  addRule(input: unknown): string {
    const rule = parseFaultRule(input);
    const id = String(this.nextId++);
    this.rules.push({
      id,
      rule,
      remaining: rule.times ?? Infinity,
      ...(rule.pathPattern !== undefined ? { pattern: new RegExp(rule.pathPattern, 'i') } : {}),
    });
    return id;
  }

  /** Removes one rule; false when no rule had this id. */
  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  setLatency(latencyMs: number, jitterMs = 0): void {
    if (!(latencyMs >= 0) || !(jitterMs >= 0))
      throw new Error('latency and jitter must be non-negative');
    this.latencyMs = latencyMs;
    this.jitterMs = jitterMs;
  }

  /** The active rules with their ids and remaining uses. */
  list(): { id: string; rule: FaultRule; remaining: number | null }[] {
    return this.rules.map((r) => ({
      id: r.id,
      rule: r.rule,
      remaining: Number.isFinite(r.remaining) ? r.remaining : null,
    }));
  }

  /**
   * Decides the faults for one request. Latency rules add up; slow-body and the first terminal rule
   * (status, malformed-json, drop, huge-body, endless-body) each apply once. Only applied rules use up their `times`.
   */
  decide(target: RequestTarget, pathAndQuery: string): FaultDecision {
    const decision: FaultDecision = { delayMs: 0 };
    if (target === 'api' && this.latencyMs + this.jitterMs > 0) {
      decision.delayMs += this.latencyMs + (this.jitterMs > 0 ? this.random() * this.jitterMs : 0);
    }
    for (const active of [...this.rules]) {
      const { rule } = active;
      if (rule.target !== 'all' && rule.target !== target) continue;
      if (active.pattern && !active.pattern.test(pathAndQuery)) continue;
      const isTerminal = TERMINAL_KINDS.has(rule.kind);
      if (isTerminal && decision.terminal) continue;
      if (rule.kind === 'slow-body' && decision.slowBodyMs !== undefined) continue;
      if (rule.kind === 'drop-mid-body' && decision.dropMidBody) continue;
      if (rule.kind === 'malformed-item' && decision.malformItem) continue;
      const holds = rule.kind === 'handle-then-drop' || rule.kind === 'handle-then-delay';
      if (holds && decision.afterHandling) continue;
      // The PRNG is consulted only for probabilistic rules, so adding a certain rule never shifts the sequence.
      if (
        rule.probability !== undefined &&
        rule.probability < 1 &&
        this.random() >= rule.probability
      )
        continue;
      if (rule.kind === 'latency') decision.delayMs += rule.delayMs ?? 0;
      else if (rule.kind === 'slow-body') decision.slowBodyMs = rule.delayMs ?? 0;
      else if (rule.kind === 'drop-mid-body') decision.dropMidBody = true;
      else if (rule.kind === 'malformed-item') decision.malformItem = true;
      else if (holds)
        decision.afterHandling = {
          finish: rule.kind === 'handle-then-drop' ? 'drop' : 'delay',
          delayMs: rule.delayMs ?? 0,
        };
      else decision.terminal = rule;
      active.remaining -= 1;
      if (active.remaining <= 0) this.remove(active.id);
    }
    return decision;
  }
}
