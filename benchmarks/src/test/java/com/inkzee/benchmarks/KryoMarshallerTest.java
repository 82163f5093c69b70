package com.inkzee.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.benchmarks.BenchMessages.RiverPage;
import com.inkzee.benchmarks.BenchMessages.SmallRequest;
import com.inkzee.rpc.catalogue.MessageCodec;
import com.inkzee.rpc.serial.MalformedMessageException;
import com.inkzee.rpc.wire.WireFormat;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class KryoMarshallerTest {
  private final MessageCodec codec =
      new MessageCodec(BenchCatalogue.get(), WireFormat.DEFAULT_MAX_FRAME_BYTES);

  @Test
  void carriesExactlyTheBytesInkzeeEncodes() throws Exception {
    KryoMarshaller<RiverPage> marshaller = new KryoMarshaller<>(codec, RiverPage.class);
    RiverPage page = BenchMessages.riverPage();

    InputStream stream = marshaller.stream(page);

    byte[] expected = codec.encodeToBytes(page);
    assertThat(stream).isInstanceOf(KnownLength.class).isInstanceOf(Drainable.class);
    assertThat(stream.available()).isEqualTo(expected.length);
    ByteArrayOutputStream drained = new ByteArrayOutputStream();
    assertThat(((Drainable) stream).drainTo(drained)).isEqualTo(expected.length);
    assertThat(drained.toByteArray()).isEqualTo(expected);
    assertThat(stream.available()).isZero();
  }

  @Test
  void roundTripsBothWorkloads() {
    KryoMarshaller<RiverPage> pages = new KryoMarshaller<>(codec, RiverPage.class);
    KryoMarshaller<SmallRequest> small = new KryoMarshaller<>(codec, SmallRequest.class);

    assertThat(pages.parse(pages.stream(BenchMessages.riverPage())))
        .isEqualTo(BenchMessages.riverPage());
    assertThat(small.parse(small.stream(BenchMessages.smallRequest())))
        .isEqualTo(BenchMessages.smallRequest());
  }

  @Test
  void refusesAnotherMessageType() {
    byte[] small = codec.encodeToBytes(BenchMessages.smallRequest());
    KryoMarshaller<RiverPage> pages = new KryoMarshaller<>(codec, RiverPage.class);

    assertThatThrownBy(() -> pages.parse(new ByteArrayInputStream(small)))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("RiverPage");
  }
}
