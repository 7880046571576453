/**
 * Memory handed back as soon as a run is done with it. A large typed array that lived through a
 * phase sits in the old generation, and dropping it frees nothing until the next full garbage
 * collection, which a run that allocates little may never reach: at a million documents the
 * sketches (600 MB) would stay to the end, beside the report being written.
 */

/**
 * Frees the memory of each buffer at the next minor collection (within milliseconds): the
 * buffer's memory moves to a new, young buffer no one holds, and the buffer itself is left empty
 * (detached). The buffers must not be used afterwards.
 */
export function releaseBuffers(buffers: Iterable<ArrayBufferLike>): void {
  for (const buffer of buffers) if (buffer instanceof ArrayBuffer && buffer.byteLength > 0) structuredClone(buffer, { transfer: [buffer] });
}
