package com.inkzee.rpc.catalogue;

import com.inkzee.rpc.serial.Field;
import java.time.Instant;
import java.util.List;

/**
 * A test catalogue whose messages use every field type the serializer supports, so that
 * SampleMessages and the codec are exercised on all of them before a real message needs one. Public
 * because the serializer binds records with a public lookup.
 */
public final class AllFieldTypes {
  private AllFieldTypes() {}

  public enum Mood {
    CALM,
    ANGRY,
    BORED
  }

  public record Leaf(@Field(1) String label, @Field(2) Instant at) {}

  /** Refers to itself through a list and a field: the generator must stop on the way back in. */
  public record Tree(@Field(1) String name, @Field(2) List<Tree> children, @Field(3) Tree parent) {}

  public record Everything(
      @Field(1) boolean flag,
      @Field(2) Boolean boxedFlag,
      @Field(3) int small,
      @Field(4) Integer boxedSmall,
      @Field(5) long big,
      @Field(6) Long boxedBig,
      @Field(7) double ratio,
      @Field(8) Double boxedRatio,
      @Field(9) float weight,
      @Field(10) Float boxedWeight,
      @Field(11) String text,
      @Field(12) byte[] blob,
      @Field(13) Instant at,
      @Field(14) Mood mood,
      @Field(15) Leaf leaf,
      @Field(16) Tree tree,
      @Field(17) List<String> texts,
      @Field(18) List<Long> numbers,
      @Field(19) List<Mood> moods,
      @Field(20) List<Leaf> leaves,
      @Field(21) List<byte[]> blobs,
      @Field(22) List<Instant> times,
      @Field(23) List<List<Integer>> grid,
      @Field(1000) String farAway) {}

  /**
   * Refuses the generated value, as a real message with validation may: see
   * SampleMessages.OVERRIDES.
   */
  public record Validated(@Field(1) String url) {
    public Validated {
      if (url == null || !url.startsWith("https://")) {
        throw new IllegalArgumentException("url must be https: " + url);
      }
    }
  }

  public static Catalogue catalogue() {
    return Catalogue.builder(1, 0)
        .message(100, Leaf.class)
        .message(101, Tree.class)
        .message(102, Everything.class)
        .build();
  }
}
