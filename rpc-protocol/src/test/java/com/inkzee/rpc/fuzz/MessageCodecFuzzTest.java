package com.inkzee.rpc.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.inkzee.rpc.catalogue.Catalogue;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.catalogue.MessageCodec;
import com.inkzee.rpc.hostile.HostileCatalogue;
import com.inkzee.rpc.serial.MalformedMessageException;
import com.inkzee.rpc.testing.TestCatalogue;
import com.inkzee.rpc.wire.WireFormat;
import java.util.Arrays;
import java.util.List;

/**
 * Arbitrary payloads into {@link MessageCodec#decode}, the top-level decoding of every REQUEST and
 * RESPONSE, over the test catalogue, the production one, and {@link HostileCatalogue} (which has
 * nested messages, enums and lists of both, so every codec is reached).
 *
 * <p>The input is the payload itself: a seed is a message exactly as it travels. Findings: any
 * exception but {@link MalformedMessageException}, or a decoded message whose encoding is not a
 * fixed point (encode, decode, encode again must give the same bytes).
 */
class MessageCodecFuzzTest {
  private static final List<MessageCodec> CODECS =
      List.of(
          codec(TestCatalogue.get()), codec(InkzeeCatalogue.get()), codec(HostileCatalogue.get()));

  private static MessageCodec codec(Catalogue catalogue) {
    return new MessageCodec(catalogue, WireFormat.DEFAULT_MAX_FRAME_BYTES);
  }

  @FuzzTest(maxDuration = "20s") // the build overrides this with -Djazzer.max_duration
  @DictionaryFile(resourcePath = "/fuzz/messages.dict")
  void decodesAnyPayloadOrRejectsItAsMalformed(byte[] payload) {
    for (MessageCodec codec : CODECS) {
      Object message;
      try {
        message = codec.decode(payload, 0, payload.length, null);
      } catch (MalformedMessageException rejected) {
        continue; // the one way to refuse; the server answers INVALID_ARGUMENT
      }
      byte[] once = encode(codec, message);
      Object again = codec.decode(once, 0, once.length, message.getClass());
      byte[] twice = encode(codec, again);
      if (!Arrays.equals(once, twice)) {
        throw new AssertionError(
            message.getClass().getSimpleName()
                + " does not re-encode to the same bytes: "
                + Arrays.toString(once)
                + " then "
                + Arrays.toString(twice));
      }
    }
  }

  private static byte[] encode(MessageCodec codec, Object message) {
    return codec.encodeToBytes(message);
  }
}
