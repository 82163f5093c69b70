package com.inkzee.web.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class WebMetricsTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final WebMetrics metrics = new WebMetrics(registry);

  @Test
  void labelsStayBoundedWhateverClientsSend() {
    metrics.requestEnded("GET", "/api/entries/{id}", 404, 1_000_000);
    metrics.requestEnded("GET", "/api/entries/{id}", 404, 2_000_000);
    metrics.requestEnded("BREW", null, 405, 1_000);
    metrics.requestEnded("PROPFIND", null, 405, 1_000);

    String text = registry.scrape();
    assertThat(text)
        .contains(
            "inkzee_web_requests_seconds_count{method=\"GET\",route=\"/api/entries/{id}\","
                + "status=\"404\"} 2")
        .contains(
            "inkzee_web_requests_seconds_count{method=\"OTHER\",route=\"unmatched\","
                + "status=\"405\"} 2")
        .doesNotContain("BREW")
        .doesNotContain("PROPFIND");
    assertThat(text)
        .as("a latency histogram")
        .contains(
            "inkzee_web_requests_seconds_bucket{method=\"GET\",route=\"/api/entries/{id}\","
                + "status=\"404\",le=\"0.001\"} 1");
  }

  @Test
  void signInsAndSignUpsAreCountedByOutcome() {
    metrics.signIn("ok");
    metrics.signIn("rejected");
    metrics.signIn("rejected");
    metrics.signUp("busy");

    assertThat(registry.scrape())
        .contains("inkzee_web_signins_total{outcome=\"ok\"} 1.0")
        .contains("inkzee_web_signins_total{outcome=\"rejected\"} 2.0")
        .contains("inkzee_web_signups_total{outcome=\"busy\"} 1.0");
  }
}
