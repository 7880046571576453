/** Sketches as bytes, for storage: native byte order, copied on the way back so they are aligned. */

export function sketchBytes(values: Uint32Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

export function sketchValues(bytes: Uint8Array): Uint32Array {
  return new Uint32Array(new Uint8Array(bytes).buffer);
}

/** The verification samples a document keeps besides its signature. */
export interface VerificationSamples {
  figures: Uint32Array;
  slots: Uint32Array;
  lead: Uint32Array;
}

/** Figures, figure slots and lead in one buffer: three lengths, then the three samples. */
export function packSamples({ figures, slots, lead }: VerificationSamples): Buffer {
  const packed = new Uint32Array(3 + figures.length + slots.length + lead.length);
  packed[0] = figures.length;
  packed[1] = slots.length;
  packed[2] = lead.length;
  packed.set(figures, 3);
  packed.set(slots, 3 + figures.length);
  packed.set(lead, 3 + figures.length + slots.length);
  return sketchBytes(packed);
}

export function unpackSamples(bytes: Uint8Array): VerificationSamples {
  const packed = sketchValues(bytes);
  const figuresEnd = 3 + packed[0];
  const slotsEnd = figuresEnd + packed[1];
  return { figures: packed.slice(3, figuresEnd), slots: packed.slice(figuresEnd, slotsEnd), lead: packed.slice(slotsEnd, slotsEnd + packed[2]) };
}

/** The stored parameters as one JSON text with a fixed key order. */
export function encodeParams(params: object): string {
  return JSON.stringify(params, Object.keys(params).sort());
}
