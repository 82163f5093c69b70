package com.inkzee.benchmarks;

import com.inkzee.rpc.catalogue.MessageCodec;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A gRPC marshaller that carries exactly the bytes Inkzee's {@link MessageCodec} produces for a
 * message (its type id, then the Kryo-encoded fields), so gRPC and Inkzee RPC move the same payload
 * and only the transport differs. No protobuf, no protoc.
 *
 * <p>The stream it hands to gRPC knows its length and drains straight into gRPC's buffer, as
 * protobuf's own marshaller does, so gRPC is not charged an extra copy.
 */
final class KryoMarshaller<T> implements MethodDescriptor.Marshaller<T> {
  private final MessageCodec codec;
  private final Class<T> type;

  KryoMarshaller(MessageCodec codec, Class<T> type) {
    this.codec = codec;
    this.type = type;
  }

  @Override
  public InputStream stream(T value) {
    return new EncodedMessage(codec.encodeToBytes(value));
  }

  /**
   * Decodes one message of this marshaller's type.
   *
   * @throws com.inkzee.rpc.serial.MalformedMessageException for bytes that are not such a message
   */
  @Override
  public T parse(InputStream stream) {
    try {
      byte[] bytes = stream.readAllBytes();
      return codec.decode(bytes, 0, bytes.length, type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a gRPC message", e);
    }
  }

  /** The encoded bytes, as a stream gRPC can size and drain without copying through read(). */
  private static final class EncodedMessage extends ByteArrayInputStream
      implements KnownLength, Drainable {
    EncodedMessage(byte[] bytes) {
      super(bytes);
    }

    @Override
    public synchronized int drainTo(OutputStream target) throws IOException {
      int n = count - pos;
      target.write(buf, pos, n);
      pos = count;
      return n;
    }
  }
}
