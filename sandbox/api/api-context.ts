import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { Behaviour } from '../behaviour';
import type { Revocations } from '../data/revocation';
import type { SandboxData } from '../data/seed-data';
import type { OwnerAccountJson } from '../data/types';
import type { StatsRecorder } from '../stats';
import type { ResourceSpecs } from './resources';

export interface ApiContext {
  provider: Provider;
  data: SandboxData;
  revocations: Revocations;
  stats: StatsRecorder;
  behaviour: Behaviour;
  specs: ResourceSpecs;
  clientId: string;
  expiredJtis: ReadonlySet<string>;
  /** See SandboxOptions.maxTop. */
  maxTop?: number | undefined;
  /** A fresh id for something the API creates (seeded, so runs repeat). */
  newId(): string;
}

/** One matched API request, after the bearer and scope checks. */
export interface RouteCall {
  ctx: ApiContext;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Ids captured from the path (`owner`, `lock`, `group`, `card`, `contact`, `grant`), as sent. */
  params: Record<string, string>;
  username: string;
  scopes: ReadonlySet<string>;
  /** The owner account named in the path, once checked visible to the user (undefined for /Owners). */
  owner: OwnerAccountJson | undefined;
  /** The malformed-item fault applies to this request's list. */
  malformItem: boolean;
}

/** A route's handler for one method, with the scope it needs. */
export interface Handler {
  scope: string;
  run(call: RouteCall): Promise<void> | void;
}

/** The owner account of a route under /Owners/{id} (the router has checked it). */
export function ownerOf(call: RouteCall): OwnerAccountJson {
  if (!call.owner) throw new Error('route without an owner account');
  return call.owner;
}
