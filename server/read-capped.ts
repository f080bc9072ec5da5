// Reads a body up to `limit` bytes, chunk by chunk; past it (or a larger declared length) it cancels the stream and
// answers null, so an oversized body is never held whole. Used for the console's request bodies and Twilio's answers.
export async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  declaredLength: string | null,
  limit: number,
): Promise<Uint8Array<ArrayBuffer> | null> {
  if (Number(declaredLength ?? '0') > limit) {
    await body?.cancel().catch(() => undefined);
    return null;
  }
  const whole = new Uint8Array(0);
  if (!body) return whole;
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const joined = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
}
