package com.inkzee.rpc.catalogue;

import com.inkzee.rpc.serial.Field;
import com.inkzee.rpc.service.RpcMethod;
import com.inkzee.rpc.service.RpcService;
import java.time.Instant;
import java.util.List;

/**
 * One small catalogue in two versions, as if 1.0 had shipped and 1.1 were its next release: the
 * same ids, the same simple names (so the two schemas compare like real versions), and in 1.1 new
 * fields of every wire type, a new enum constant and a new method.
 *
 * <p>Public because the serializer and the server bind records and interfaces with a public lookup.
 */
public final class EvolvingCatalogues {
  private EvolvingCatalogues() {}

  public static final String SERVICE = "evolving";

  /** The version that shipped first. */
  public static final class V10 {
    private V10() {}

    public record Ping(@Field(1) String echo) {}

    public enum Colour {
      RED
    }

    public record Palette(@Field(1) Colour main, @Field(2) List<Colour> others) {}

    @RpcService(SERVICE)
    public interface Service {
      @RpcMethod(id = 0, idempotent = true)
      Ping echo(Ping request);
    }

    public static Catalogue catalogue() {
      return Catalogue.builder(1, 0)
          .message(100, Ping.class)
          .message(102, Palette.class)
          .service(Service.class)
          .build();
    }
  }

  /** The next version: only additions, so 1.0 peers keep working. */
  public static final class V11 {
    private V11() {}

    /**
     * {@code echo} is declared last, so it is written last: an old reader only finds it if it
     * skipped each new field (varint, fixed64, fixed32, length-delimited) exactly right.
     */
    public record Ping(
        @Field(2) long sentAt,
        @Field(3) List<String> tags,
        @Field(4) Nested extra,
        @Field(5) double ratio,
        @Field(6) float weight,
        @Field(1) String echo) {}

    public record Nested(@Field(1) String note, @Field(2) Instant at) {}

    public enum Colour {
      RED,
      BLUE
    }

    public record Palette(@Field(1) Colour main, @Field(2) List<Colour> others) {}

    @RpcService(SERVICE)
    public interface Service {
      @RpcMethod(id = 0, idempotent = true)
      Ping echo(Ping request);

      /** New in 1.1: a 1.0 server answers it with UNIMPLEMENTED. */
      @RpcMethod(id = 1)
      Ping stamp(Ping request);
    }

    public static Catalogue catalogue() {
      return Catalogue.builder(1, 1)
          .message(100, Ping.class)
          .message(101, Nested.class)
          .message(102, Palette.class)
          .service(Service.class)
          .build();
    }
  }
}
