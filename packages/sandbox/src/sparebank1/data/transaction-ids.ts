import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';

const BLOCK = 16;
/** Blocks per id: 96 bytes, 128 base64url characters, close to the ~150 of live ids. */
const BLOCKS_PER_ID = 6;
const ID_BYTES = BLOCK * BLOCKS_PER_ID;
const ID_CHARS = (ID_BYTES / 3) * 4;
const MAGIC = 0x5b;

interface Listing {
  sessionId: number;
  issuedAtMs: number;
}

/** Issues the ids of one list response. */
export interface IdIssuer {
  /** The wire id of the row with this serial, unique to this response. */
  idsFor(serials: readonly number[]): string[];
}

/**
 * The wire `id` of transactions: "Encrypted transaction id. The id is not persistent". Each id encrypts
 * (row serial, listing number, session) under a key derived from the seed, so two identical list calls
 * get different ids while the details endpoint can still resolve an id from a recent list of the same
 * session. Only one small entry per list response is kept (not one per row), so memory stays flat.
 */
export class TransactionIdCodec {
  private readonly key: Buffer;
  private readonly listings = new Map<number, Listing>();
  private nextListing = 1;

  constructor(
    seed: number,
    private readonly ttlMs: number,
  ) {
    this.key = createHash('sha256').update(`bankkit-sandbox/sparebank1/transaction-ids/${seed}`).digest();
  }

  /** Starts a list response for `sessionId` at `nowMs`. */
  beginListing(sessionId: number, nowMs: number): IdIssuer {
    this.prune(nowMs);
    const listing = this.nextListing++;
    this.listings.set(listing, { sessionId, issuedAtMs: nowMs });
    return {
      idsFor: (serials) => this.encrypt(serials, listing, sessionId),
    };
  }

  /**
   * The row serial behind `id` when it was issued to `sessionId` less than the TTL ago; `undefined` for
   * forged, foreign or expired ids.
   */
  resolve(id: string, sessionId: number, nowMs: number): number | undefined {
    if (!/^[A-Za-z0-9_-]+$/.test(id)) return undefined;
    const bytes = Buffer.from(id, 'base64url');
    if (bytes.length !== ID_BYTES) return undefined;
    const decipher = createDecipheriv('aes-256-ecb', this.key, null).setAutoPadding(false);
    const plain = Buffer.concat([decipher.update(bytes), decipher.final()]);
    const serial = plain.readUInt32BE(4);
    const listingNumber = plain.readUInt32BE(8);
    const owner = plain.readUInt32BE(12);
    for (let block = 0; block < BLOCKS_PER_ID; block++) {
      const offset = block * BLOCK;
      if (
        plain[offset] !== block ||
        plain[offset + 1] !== MAGIC ||
        plain.readUInt16BE(offset + 2) !== checksum(serial, listingNumber, owner) ||
        plain.readUInt32BE(offset + 4) !== serial ||
        plain.readUInt32BE(offset + 8) !== listingNumber ||
        plain.readUInt32BE(offset + 12) !== owner
      ) {
        return undefined;
      }
    }
    const listing = this.listings.get(listingNumber);
    if (!listing || listing.sessionId !== sessionId || owner !== sessionId) return undefined;
    if (nowMs - listing.issuedAtMs >= this.ttlMs) return undefined;
    return serial;
  }

  /** Forgets every listing (reset). */
  clear(): void {
    this.listings.clear();
  }

  private encrypt(serials: readonly number[], listing: number, sessionId: number): string[] {
    if (serials.length === 0) return [];
    const plain = Buffer.allocUnsafe(serials.length * ID_BYTES);
    serials.forEach((serial, index) => {
      const check = checksum(serial, listing, sessionId);
      for (let block = 0; block < BLOCKS_PER_ID; block++) {
        const offset = index * ID_BYTES + block * BLOCK;
        plain[offset] = block;
        plain[offset + 1] = MAGIC;
        plain.writeUInt16BE(check, offset + 2);
        plain.writeUInt32BE(serial, offset + 4);
        plain.writeUInt32BE(listing, offset + 8);
        plain.writeUInt32BE(sessionId, offset + 12);
      }
    });
    // One cipher call for the whole response keeps 10,000 ids in the low milliseconds. ECB is safe here:
    // every plaintext block is distinct (block index, row serial and listing number differ).
    const cipher = createCipheriv('aes-256-ecb', this.key, null).setAutoPadding(false);
    const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
    // 96 bytes is a multiple of 3, so the base64 of the whole buffer splits exactly at id boundaries.
    const text = encrypted.toString('base64url');
    const ids = new Array<string>(serials.length);
    for (let index = 0; index < serials.length; index++) {
      ids[index] = text.slice(index * ID_CHARS, (index + 1) * ID_CHARS);
    }
    return ids;
  }

  private prune(nowMs: number): void {
    for (const [number, listing] of this.listings) {
      if (nowMs - listing.issuedAtMs < this.ttlMs) break;
      this.listings.delete(number);
    }
  }
}

function checksum(serial: number, listing: number, sessionId: number): number {
  return ((serial * 31 + listing * 17 + sessionId * 13) ^ 0xa5a5) & 0xffff;
}
