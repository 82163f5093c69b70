package com.inkzee.rpc.api.health;

import com.inkzee.rpc.serial.Field;
import java.time.Instant;

/**
 * A service's answer to {@link PingRequest}.
 *
 * @param service the answering service's name
 * @param catalogueVersion the catalogue the server was built with, e.g. {@code 1.0}
 * @param serverTime the server's clock, for spotting skew
 * @param echo the request's echo
 * @param ready whether the service's own dependencies answer (its database, the store)
 */
public record PingResponse(
    @Field(1) String service,
    @Field(2) String catalogueVersion,
    @Field(3) Instant serverTime,
    @Field(4) String echo,
    @Field(5) boolean ready) {}
