import { Keypair } from "@solana/web3.js";
import { seededRng } from "../../rng.ts";
import { deriveSeed } from "./sampling.ts";

/** Which population a simulated wallet belongs to. */
export type WalletRole = "creator" | "trader";

interface Wallet {
  keypair: Keypair;
  address: string;
}

const ROLE_LABEL: Record<WalletRole, number> = { creator: 0x637265, trader: 0x747264 };

/**
 * Deterministic simulated wallets: wallet `i` of a role is `Keypair.fromSeed` of 32 bytes from an RNG
 * derived from (seed, role, i), so a wallet is stable whatever the population size. Derived lazily and
 * cached (memory bounded by the population), because ed25519 key derivation costs ~0.2 ms.
 */
export class WalletBook {
  private readonly cache = { creator: new Map<number, Wallet>(), trader: new Map<number, Wallet>() };
  private readonly byPubkey = new Map<string, Keypair>();

  constructor(
    private readonly seed: number,
    /** Population sizes. */
    readonly sizes: Readonly<Record<WalletRole, number>>,
  ) {}

  /** The keypair of wallet `index` of `role`. */
  keypair(role: WalletRole, index: number): Keypair {
    return this.wallet(role, index).keypair;
  }

  /** The base58 pubkey of wallet `index` of `role`. */
  pubkey(role: WalletRole, index: number): string {
    return this.wallet(role, index).address;
  }

  private wallet(role: WalletRole, index: number): Wallet {
    if (!Number.isInteger(index) || index < 0 || index >= this.sizes[role]) {
      throw new RangeError(`no ${role} wallet ${index} (population ${this.sizes[role]})`);
    }
    const cached = this.cache[role].get(index);
    if (cached) return cached;
    const rng = seededRng(deriveSeed(deriveSeed(this.seed, ROLE_LABEL[role]), index));
    const bytes = new Uint8Array(32);
    for (let i = 0; i < 32; i++) bytes[i] = Math.floor(rng.next() * 256);
    const keypair = Keypair.fromSeed(bytes);
    const wallet = { keypair, address: keypair.publicKey.toBase58() };
    this.cache[role].set(index, wallet);
    this.byPubkey.set(wallet.address, keypair);
    return wallet;
  }

  /** The keypair behind a pubkey this book has derived, if any (for a cluster that wants to sign). */
  byAddress(pubkey: string): Keypair | undefined {
    return this.byPubkey.get(pubkey);
  }
}
