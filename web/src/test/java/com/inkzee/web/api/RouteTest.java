package com.inkzee.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class RouteTest {
  @Test
  void aParameterIsOneSegmentCapturedInOrder() {
    Matcher m = Route.compile("/api/subscriptions/{feedId}").matcher("/api/subscriptions/42");
    assertThat(m.matches()).isTrue();
    assertThat(m.group(1)).isEqualTo("42");
    assertThat(Route.compile("/api/subscriptions/{feedId}").matcher("/api/subscriptions/4/2"))
        .matches(x -> !x.matches(), "does not match two segments");
    assertThat(Route.compile("/api/subscriptions/{feedId}").matcher("/api/subscriptions/"))
        .matches(x -> !x.matches(), "does not match an empty segment");
  }

  @Test
  void literalTextIsMatchedLiterally() {
    assertThat(Route.compile("/api/mark-all-read").matcher("/api/mark-all-read").matches())
        .isTrue();
    assertThat(Route.compile("/api/a.b").matcher("/api/axb").matches()).isFalse();
  }

  @Test
  void aTemplateOutsideTheApiIsABug() {
    assertThatThrownBy(() -> Route.compile("/admin/{x}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/admin/{x}");
  }
}
