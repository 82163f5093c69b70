package com.inkzee.rpc.hostile;

import com.inkzee.rpc.api.health.PingRequest;
import com.inkzee.rpc.api.health.PingResponse;
import com.inkzee.rpc.api.health.Pingable;
import com.inkzee.rpc.catalogue.Catalogue;
import com.inkzee.rpc.serial.Field;
import com.inkzee.rpc.service.RpcMethod;
import com.inkzee.rpc.service.RpcService;
import java.time.Instant;
import java.util.List;

/**
 * A catalogue with one field of every wire kind, nested messages and lists of them: the production
 * and test catalogues have no enum and no nested message yet, and the decoder's bounds must hold
 * for those codecs before a real message uses them.
 */
public final class HostileCatalogue {
  public enum Colour {
    RED,
    GREEN
  }

  public record Inner(@Field(1) String name, @Field(2) List<Inner> children, @Field(3) Colour c) {}

  public record Everything(
      @Field(1) String text,
      @Field(2) byte[] blob,
      @Field(3) List<String> words,
      @Field(4) Inner inner,
      @Field(5) Colour colour,
      @Field(6) List<Colour> colours,
      @Field(7) List<Inner> inners,
      @Field(8) long count,
      @Field(9) double ratio,
      @Field(10) Instant at,
      @Field(11) float weight,
      @Field(12) boolean flag,
      @Field(13) List<Long> numbers) {}

  /** A service taking {@link Everything}, so a live server can be sent every field kind. */
  @RpcService("hostile")
  public interface HostileService extends Pingable {
    @RpcMethod(id = 1)
    Everything take(Everything request);
  }

  /** Answers with what it was sent. */
  public static final class Mirror implements HostileService {
    @Override
    public PingResponse ping(PingRequest request) {
      return new PingResponse("hostile", "1.0", Instant.now(), request.echo(), true);
    }

    @Override
    public Everything take(Everything request) {
      return request;
    }
  }

  private static final Catalogue CATALOGUE =
      Catalogue.builder(1, 0)
          .message(100, PingRequest.class)
          .message(101, PingResponse.class)
          .message(950, Everything.class)
          .message(951, Inner.class)
          .service(HostileService.class)
          .build();

  private HostileCatalogue() {}

  public static Catalogue get() {
    return CATALOGUE;
  }
}
