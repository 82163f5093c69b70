package com.inkzee.rpc.catalogue;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.inkzee.rpc.serial.MalformedMessageException;
import com.inkzee.rpc.serial.MessageSerializer;
import com.inkzee.rpc.serial.WireInput;
import com.inkzee.rpc.serial.WireOutput;
import com.inkzee.rpc.wire.WireFormat;
import io.netty.buffer.ByteBuf;

/**
 * Encodes and decodes top-level messages: {@code varint(registration id)} followed by the message's
 * fields, filling the rest of the frame.
 *
 * <p>Each thread has its own Kryo, output buffer and input scratch (Kryo instances are not
 * thread-safe). A type id is looked up in the catalogue before anything else is read: an id that
 * names no message is rejected, and no class is ever loaded or instantiated by name.
 */
public final class MessageCodec {
  /**
   * Per-thread buffers larger than this are dropped after use, so one big message does not pin
   * memory.
   */
  private static final int RETAINED_BUFFER_BYTES = 1 << 20;

  private final Catalogue catalogue;
  private final int maxPayloadBytes;
  private final ThreadLocal<PerThread> perThread;

  private final class PerThread {
    final Kryo kryo = catalogue.newKryo();
    WireOutput output = newOutput();
    byte[] scratch = new byte[4096];
  }

  public MessageCodec(Catalogue catalogue, int maxFrameBytes) {
    this.catalogue = catalogue;
    this.maxPayloadBytes = maxFrameBytes - WireFormat.HEADER_BYTES - 6;
    this.perThread = ThreadLocal.withInitial(PerThread::new);
  }

  public Catalogue catalogue() {
    return catalogue;
  }

  private WireOutput newOutput() {
    return new WireOutput(4096, maxPayloadBytes);
  }

  /**
   * Encodes a message into this thread's output buffer, valid until this thread's next call.
   *
   * @throws MessageTooLargeException when it does not fit in a frame
   */
  public WireOutput encode(Object message) {
    PerThread t = perThread.get();
    if (t.output.getBuffer().length > RETAINED_BUFFER_BYTES) {
      t.output = newOutput();
    }
    WireOutput out = t.output;
    out.reset();
    Registration reg = t.kryo.getRegistration(message.getClass());
    out.writeVarint32(reg.getId());
    try {
      t.kryo.writeObject(out, message);
    } catch (KryoException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("Buffer overflow")) {
        throw new MessageTooLargeException(
            message.getClass().getSimpleName()
                + " exceeds the frame limit of "
                + maxPayloadBytes
                + " bytes");
      }
      throw e;
    }
    return out;
  }

  /** Encodes to a fresh array (for tests, samples and tools). */
  public byte[] encodeToBytes(Object message) {
    return encode(message).toBytes();
  }

  /**
   * Decodes the payload, which must hold a message of {@code expected} type (or any registered
   * message when {@code expected} is null).
   *
   * @throws MalformedMessageException for anything that is not a valid message of that type
   */
  public <T> T decode(ByteBuf payload, Class<T> expected) {
    int length = payload.readableBytes();
    if (payload.hasArray()) {
      return decode(
          payload.array(), payload.arrayOffset() + payload.readerIndex(), length, expected);
    }
    PerThread t = perThread.get();
    if (t.scratch.length < length || t.scratch.length > RETAINED_BUFFER_BYTES) {
      t.scratch = new byte[Math.max(length, 4096)];
    }
    payload.getBytes(payload.readerIndex(), t.scratch, 0, length);
    return decode(t.scratch, 0, length, expected);
  }

  public <T> T decode(byte[] bytes, int offset, int length, Class<T> expected) {
    PerThread t = perThread.get();
    WireInput in = new WireInput(bytes, offset, length, catalogue.limits());
    int id = in.readVarint32();
    Registration reg = id >= Catalogue.FIRST_MESSAGE_ID ? t.kryo.getRegistration(id) : null;
    if (reg == null || !(reg.getSerializer() instanceof MessageSerializer)) {
      throw new MalformedMessageException(
          "type id " + id + " is not registered in catalogue " + catalogue.version());
    }
    if (expected != null && reg.getType() != expected) {
      throw new MalformedMessageException(
          "expected "
              + expected.getSimpleName()
              + " but the payload holds "
              + reg.getType().getSimpleName()
              + " (id "
              + id
              + ")");
    }
    Class<?> type = reg.getType();
    Object message;
    try {
      message = t.kryo.readObject(in, type);
    } catch (KryoException e) {
      throw new MalformedMessageException(
          "undecodable " + reg.getType().getSimpleName() + ": " + e.getMessage());
    }
    @SuppressWarnings("unchecked")
    T typed = (T) message;
    return typed;
  }

  /** A message that would not fit in one frame. */
  public static final class MessageTooLargeException extends RuntimeException {
    public MessageTooLargeException(String message) {
      super(message, null, false, false);
    }
  }
}
