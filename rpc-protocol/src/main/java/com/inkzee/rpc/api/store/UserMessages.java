package com.inkzee.rpc.api.store;

import com.inkzee.rpc.serial.Field;
import java.time.Instant;

/** Users: created once by name, fetched by id or name. */
public final class UserMessages {
  private UserMessages() {}

  /** A reader of the system. */
  public record User(
      @Field(1) long id,
      @Field(2) String name,
      @Field(3) String email,
      @Field(4) Instant createdAt) {}

  /** Creates the user {@code name}, or returns the existing one: safe to retry. */
  public record CreateUserRequest(@Field(1) String name, @Field(2) String email) {}

  /** By {@code userId} when set, else by {@code name}. */
  public record GetUserRequest(@Field(1) Long userId, @Field(2) String name) {}

  /** {@code created} is false when the user already existed. */
  public record UserResponse(@Field(1) User user, @Field(2) boolean created) {}
}
