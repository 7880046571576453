/** Sketches as bytes, for storage: native byte order, copied on the way back so they are aligned. */

export function sketchBytes(values: Uint32Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

export function sketchValues(bytes: Uint8Array): Uint32Array {
  return new Uint32Array(new Uint8Array(bytes).buffer);
}

/** The stored parameters as one JSON text with a fixed key order. */
export function encodeParams(params: object): string {
  return JSON.stringify(params, Object.keys(params).sort());
}
