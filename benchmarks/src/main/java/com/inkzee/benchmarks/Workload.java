package com.inkzee.benchmarks;

import com.inkzee.rpc.catalogue.MessageCodec;
import com.inkzee.rpc.serial.WireOutput;
import com.inkzee.rpc.service.MethodDescriptor;
import com.inkzee.rpc.wire.FrameWriter;
import com.inkzee.rpc.wire.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * One kind of call with its request, its expected response and both frames as Inkzee RPC puts them
 * on the wire, so the raw baseline can send exactly the same bytes.
 *
 * @param name short name used in options and tables
 * @param label what the call is, for the report
 * @param method the benchmark service method Inkzee RPC calls
 * @param request the request object, encoded anew on every Inkzee call
 * @param response what the handler answers, to check one round trip before measuring
 * @param requestFrame the Inkzee REQUEST frame, 4-byte length prefix included
 * @param responseFrame the Inkzee RESPONSE frame, 4-byte length prefix included
 * @param rawEcho whether the raw server echoes the request instead of sending {@code responseFrame}
 */
record Workload(
    String name,
    String label,
    MethodDescriptor<?, ?> method,
    Object request,
    Object response,
    ByteBuf requestFrame,
    ByteBuf responseFrame,
    boolean rawEcho) {

  /** Small calls are echoed by the raw server; its request and response are near the same size. */
  static Workload small() {
    return of(
        "small",
        "small call (~100 B each way)",
        1,
        BenchMessages.smallRequest(),
        new BenchHandler().small(BenchMessages.smallRequest()),
        true);
  }

  /** The raw server answers a river request with the pre-encoded page frame. */
  static Workload river() {
    return of(
        "river",
        "river page (" + BenchMessages.RIVER_PAGE_SIZE + " entries)",
        2,
        BenchMessages.riverRequest(),
        BenchMessages.riverPage(),
        false);
  }

  static Workload byName(String name) {
    return switch (name) {
      case "small" -> small();
      case "river" -> river();
      default -> throw new IllegalArgumentException("unknown message '" + name + "'");
    };
  }

  private static Workload of(
      String name, String label, int methodId, Object request, Object response, boolean echo) {
    MethodDescriptor<?, ?> method =
        BenchCatalogue.get().service(BenchService.class).method(methodId);
    MessageCodec codec = new MessageCodec(BenchCatalogue.get(), WireFormat.DEFAULT_MAX_FRAME_BYTES);
    ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    WireOutput out = codec.encode(request);
    // The timeout field is fixed-width, so any value gives the size the client writes.
    ByteBuf requestFrame =
        FrameWriter.request(alloc, 1, methodId, 10_000, out.getBuffer(), out.position());
    out = codec.encode(response);
    ByteBuf responseFrame = FrameWriter.response(alloc, 1, out.getBuffer(), out.position());
    return new Workload(
        name, label, method, request, response, shared(requestFrame), shared(responseFrame), echo);
  }

  /**
   * A direct, never-freed copy: the socket write then needs no heap-to-direct copy, as with the
   * pooled direct buffers Inkzee RPC writes.
   */
  private static ByteBuf shared(ByteBuf frame) {
    ByteBuf direct = Unpooled.directBuffer(frame.readableBytes()).writeBytes(frame);
    frame.release();
    return Unpooled.unreleasableBuffer(direct);
  }

  /** A view of the request frame without its length prefix, which the raw pipeline adds. */
  ByteBuf rawRequestBody() {
    return requestFrame.slice(
        WireFormat.LENGTH_FIELD_BYTES,
        requestFrame.readableBytes() - WireFormat.LENGTH_FIELD_BYTES);
  }

  /** A view of the response frame without its length prefix. */
  ByteBuf rawResponseBody() {
    return responseFrame.slice(
        WireFormat.LENGTH_FIELD_BYTES,
        responseFrame.readableBytes() - WireFormat.LENGTH_FIELD_BYTES);
  }

  /** Inkzee's request plus response frame bytes, length prefixes included. */
  int inkzeeBytesPerCall() {
    return requestFrame.readableBytes() + responseFrame.readableBytes();
  }
}
