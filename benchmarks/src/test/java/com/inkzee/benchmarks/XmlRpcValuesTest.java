package com.inkzee.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.benchmarks.BenchMessages.BenchEntry;
import com.inkzee.benchmarks.BenchMessages.RiverPage;
import com.inkzee.benchmarks.BenchMessages.RiverRequest;
import com.inkzee.benchmarks.BenchMessages.SmallRequest;
import com.inkzee.benchmarks.BenchMessages.SmallResponse;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XmlRpcValuesTest {

  @Test
  void smallMessagesRoundTripUnchanged() {
    SmallRequest request = BenchMessages.smallRequest();
    SmallResponse response = new BenchHandler().small(request);
    RiverRequest river = BenchMessages.riverRequest();

    assertThat(XmlRpcValues.fromXmlRpc(XmlRpcValues.toXmlRpc(request), SmallRequest.class))
        .isEqualTo(request);
    assertThat(XmlRpcValues.fromXmlRpc(XmlRpcValues.toXmlRpc(response), SmallResponse.class))
        .isEqualTo(response);
    assertThat(XmlRpcValues.fromXmlRpc(XmlRpcValues.toXmlRpc(river), RiverRequest.class))
        .isEqualTo(river);
  }

  @Test
  void aRiverPageKeepsEverythingButFractionsOfSeconds() {
    RiverPage page = BenchMessages.riverPage();

    RiverPage back = XmlRpcValues.fromXmlRpc(XmlRpcValues.toXmlRpc(page), RiverPage.class);

    assertThat(back.entries()).hasSize(BenchMessages.RIVER_PAGE_SIZE);
    for (int i = 0; i < page.entries().size(); i++) {
      BenchEntry sent = page.entries().get(i);
      BenchEntry got = back.entries().get(i);
      assertThat(got.publishedAt()).isEqualTo(sent.publishedAt().truncatedTo(ChronoUnit.SECONDS));
      assertThat(got).usingRecursiveComparison().ignoringFields("publishedAt").isEqualTo(sent);
    }
    assertThat(back.nextCursor()).isEqualTo(page.nextCursor());
  }

  @Test
  void refusesAnIdBeyondI4AndAMistypedMember() {
    assertThatThrownBy(
            () -> XmlRpcValues.toXmlRpc(new SmallRequest(1L << 40, "https://x.example/", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("i4");
    assertThatThrownBy(
            () ->
                XmlRpcValues.fromXmlRpc(
                    Map.of("userId", "7", "feedUrl", "u", "limit", 1), SmallRequest.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("userId");
  }
}
