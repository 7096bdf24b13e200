import type { SandboxRandom } from './context.js';

const UINT32 = 4_294_967_296;
const HEX = '0123456789abcdef';

/** FNV-1a over the UTF-16 code units of `text`: a cheap, stable 32-bit hash for deriving seeds. */
function hashLabel(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** One step of splitmix32: spreads a 32-bit state over all bits, used to expand a seed into state. */
function splitmix32(state: number): [next: number, output: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

/**
 * Derives an independent 32-bit seed for one consumer (`'bridge'`, `'faults'`, ...) from the sandbox
 * seed, so that one consumer drawing more numbers never shifts what another one sees.
 */
export function deriveSeed(seed: number, label: string): number {
  const [, mixed] = splitmix32((seed ^ hashLabel(label)) | 0);
  return mixed;
}

/**
 * A seeded pseudo-random generator (the sfc32 algorithm: 128-bit state, fast, good statistical
 * quality). Not cryptographic: it only has to make the sandbox reproducible.
 */
export class SeededRandom implements SandboxRandom {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  /** @param seed - Any finite number; its low 32 bits (and sign) select the sequence. */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`Sandbox random: the seed must be a finite number.`);
    let state = Math.trunc(seed) | 0;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, output] = splitmix32(state);
      state = next;
      words.push(output);
    }
    this.#a = words[0] ?? 0;
    this.#b = words[1] ?? 0;
    this.#c = words[2] ?? 0;
    this.#d = words[3] ?? 1;
    // Warm up so that nearby seeds diverge immediately.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** The next raw 32-bit output. */
  nextUint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / UINT32;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`Sandbox random: int(${min}, ${max}) needs integers with min <= max.`);
    }
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** `true` with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** `length` lowercase hex characters. */
  hex(length: number): string {
    let out = '';
    while (out.length < length) {
      let word = this.nextUint32();
      for (let i = 0; i < 8 && out.length < length; i++) {
        out += HEX[word & 0xf];
        word >>>= 4;
      }
    }
    return out;
  }

  /** A UUID v4 string (version and variant bits set as RFC 9562 requires). */
  uuid(): string {
    const hex = this.hex(32);
    const variant = HEX[8 + this.int(0, 3)];
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Sandbox random: pick() needs a non-empty list.');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** A new generator seeded from this one's seed material and `label`, independent of later draws here. */
  static derived(seed: number, label: string): SeededRandom {
    return new SeededRandom(deriveSeed(seed, label));
  }
}

/** Creates a seeded random source. */
export function createRandom(seed: number): SeededRandom {
  return new SeededRandom(seed);
}
