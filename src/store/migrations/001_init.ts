/**
 * Version 1: every table of the history. Amounts are INTEGER (SQLite's 64-bit signed): lamports of any
 * wallet and pump.fun token base units (supply 10^15 with 6 decimals) stay far below 2^63, so a u64 that
 * could exceed it never reaches this schema. Foreign keys are documented, not enforced: rows arrive by
 * write-behind in arrival order, and an intent is written synchronously before the position it opens.
 */
import type { Migration } from "./index.ts";

export const migration001: Migration = {
  version: 1,
  name: "init",
  sql: `
CREATE TABLE launches (
  mint TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  symbol TEXT NOT NULL,
  uri TEXT NOT NULL,
  creator TEXT NOT NULL,
  bonding_curve TEXT NOT NULL,
  token_program TEXT NOT NULL,
  slot INTEGER NOT NULL,
  signature TEXT NOT NULL,
  seen_at INTEGER NOT NULL,
  source TEXT NOT NULL
);
CREATE INDEX launches_seen_at ON launches(seen_at);
CREATE INDEX launches_creator ON launches(creator);

CREATE TABLE decisions (
  id INTEGER PRIMARY KEY,
  mint TEXT NOT NULL,
  decided_at INTEGER NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('buy', 'skip')),
  reason TEXT NOT NULL,
  details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX decisions_mint ON decisions(mint);
CREATE INDEX decisions_at ON decisions(decided_at, action);

CREATE TABLE order_intents (
  id TEXT PRIMARY KEY,
  mint TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
  position_id TEXT,
  sol_lamports INTEGER NOT NULL,
  token_amount INTEGER NOT NULL,
  slippage_bps INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('intent', 'sent', 'confirmed', 'failed', 'expired')),
  signature TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE INDEX order_intents_pending ON order_intents(status, created_at) WHERE status IN ('intent', 'sent');
CREATE INDEX order_intents_mint ON order_intents(mint, side);
CREATE INDEX order_intents_created ON order_intents(created_at);

CREATE TABLE transactions (
  signature TEXT PRIMARY KEY,
  intent_id TEXT NOT NULL,
  sent_at INTEGER NOT NULL,
  confirmed_at INTEGER,
  slot INTEGER,
  err TEXT
);
CREATE INDEX transactions_intent ON transactions(intent_id);

CREATE TABLE positions (
  id TEXT PRIMARY KEY,
  mode TEXT NOT NULL CHECK (mode IN ('sim', 'paper', 'live')),
  mint TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  opened_at INTEGER NOT NULL,
  closed_at INTEGER,
  cost_lamports INTEGER NOT NULL DEFAULT 0,
  proceeds_lamports INTEGER NOT NULL DEFAULT 0,
  tokens_bought INTEGER NOT NULL DEFAULT 0,
  tokens_sold INTEGER NOT NULL DEFAULT 0,
  fees_lamports INTEGER NOT NULL DEFAULT 0,
  exit_reason TEXT,
  rules TEXT NOT NULL DEFAULT '{}',
  hwm_lamports INTEGER,
  hwm_tokens INTEGER,
  mark_lamports INTEGER,
  snipe_latency_ms REAL
);
CREATE INDEX positions_opened ON positions(opened_at);
CREATE INDEX positions_mint ON positions(mint);
CREATE INDEX positions_open ON positions(status) WHERE status = 'open';
CREATE INDEX positions_outcome ON positions(status, exit_reason);

CREATE TABLE fills (
  id INTEGER PRIMARY KEY,
  signature TEXT NOT NULL UNIQUE,
  position_id TEXT NOT NULL,
  intent_id TEXT,
  mint TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
  at INTEGER NOT NULL,
  lamports INTEGER NOT NULL,
  tokens INTEGER NOT NULL,
  fee_protocol INTEGER NOT NULL DEFAULT 0,
  fee_creator INTEGER NOT NULL DEFAULT 0,
  fee_network INTEGER NOT NULL DEFAULT 0,
  fee_priority INTEGER NOT NULL DEFAULT 0,
  reason TEXT
);
CREATE INDEX fills_at ON fills(at);
CREATE INDEX fills_mint ON fills(mint, at);
CREATE INDEX fills_side ON fills(side, at);
CREATE INDEX fills_position ON fills(position_id, at);

CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  rule TEXT NOT NULL,
  severity TEXT NOT NULL,
  mint TEXT,
  message TEXT NOT NULL,
  details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX alerts_at ON alerts(at);

CREATE TABLE actor_restarts (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_id TEXT NOT NULL,
  supervisor_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  count INTEGER NOT NULL
);
CREATE INDEX actor_restarts_at ON actor_restarts(at);
`,
};
