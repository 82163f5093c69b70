package com.inkzee.e2e.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolationTest {
  private final Interpolation vars =
      new Interpolation(Map.of("SET", "value", "EMPTY", "", "PORT", "8081"));

  @Test
  void replacesBracedAndBareReferences() {
    assertThat(vars.apply("${SET}")).isEqualTo("value");
    assertThat(vars.apply("a-$SET-b")).isEqualTo("a-value-b");
    assertThat(vars.apply("${PORT}:8080")).isEqualTo("8081:8080");
  }

  @Test
  void colonDashDefaultsWhenUnsetOrEmptyAndDashOnlyWhenUnset() {
    assertThat(vars.apply("${MISSING:-d}")).isEqualTo("d");
    assertThat(vars.apply("${EMPTY:-d}")).isEqualTo("d");
    assertThat(vars.apply("${SET:-d}")).isEqualTo("value");
    assertThat(vars.apply("${MISSING-d}")).isEqualTo("d");
    assertThat(vars.apply("${EMPTY-d}")).isEmpty();
    assertThat(vars.apply("${MISSING:-}")).isEmpty();
  }

  @Test
  void anUnsetVariableWithoutDefaultIsEmpty() {
    assertThat(vars.apply("x${MISSING}y")).isEqualTo("xy");
  }

  @Test
  void doubleDollarIsALiteralDollar() {
    assertThat(vars.apply("pa$$word")).isEqualTo("pa$word");
    assertThat(vars.apply("$${SET}")).isEqualTo("${SET}");
  }

  @Test
  void requiredVariablesFailWithTheirMessage() {
    assertThatThrownBy(() -> vars.apply("${MISSING:?set a token}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MISSING")
        .hasMessageContaining("set a token");
    assertThatThrownBy(() -> vars.apply("${EMPTY:?needed}")).hasMessageContaining("EMPTY");
    assertThat(vars.apply("${EMPTY?needed}")).isEmpty();
    assertThat(vars.apply("${SET:?needed}")).isEqualTo("value");
  }

  @Test
  void refusesAMalformedReference() {
    assertThatThrownBy(() -> vars.apply("${NOT CLOSED"))
        .hasMessageContaining("invalid interpolation format");
    assertThatThrownBy(() -> vars.apply("${1BAD}"))
        .hasMessageContaining("invalid interpolation format");
  }

  @Test
  void leavesPlainTextAlone() {
    assertThat(vars.apply("jdbc:postgresql://postgres:5432/inkzee"))
        .isEqualTo("jdbc:postgresql://postgres:5432/inkzee");
    assertThat(vars.apply(null)).isNull();
  }
}
