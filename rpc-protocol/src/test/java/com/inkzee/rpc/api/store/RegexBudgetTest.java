package com.inkzee.rpc.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/** The measure of what counted repetitions add to a REGEX filter, and where it refuses. */
class RegexBudgetTest {
  @Test
  void ordinaryPatternsAddLittleOrNothing() {
    assertThat(RegexBudget.addedUnits("/sponsored/\\w+")).isZero();
    assertThat(RegexBudget.addedUnits("(a+)+$")).isZero();
    assertThat(RegexBudget.addedUnits("\\bfoo{2}\\b")).isEqualTo(1);
    assertThat(RegexBudget.addedUnits("[a-z]{3,10}")).isEqualTo(9);
    assertThat(RegexBudget.addedUnits("\\d{4}-\\d{2}-\\d{2}")).isEqualTo(5);
    assertThat(RegexBudget.addedUnits("x{2,}")).isEqualTo(2);
    assertThat(RegexBudget.addedUnits(".{1000}")).isEqualTo(999);
    assertThat(RegexBudget.addedUnits("a".repeat(1_024))).isZero();
    for (String ok :
        new String[] {"\\bfoo{2}\\b", "[a-z]{3,10}", ".{1000}", "(?i)colou?r", "a{,5}", "[{]{2}"}) {
      assertThatCode(() -> RegexBudget.check("filter.pattern", ok)).doesNotThrowAnyException();
    }
  }

  @Test
  void braceLiteralsClassesAndEscapesAreNotRepetitions() {
    assertThat(RegexBudget.addedUnits("a{x}")).isZero();
    assertThat(RegexBudget.addedUnits("[{1000}]")).isZero();
    assertThat(RegexBudget.addedUnits("\\{1000}")).isZero();
    assertThat(RegexBudget.addedUnits("\\Q{1000}\\E")).isZero();
    assertThat(RegexBudget.addedUnits("\\p{Greek}{3}")).isEqualTo(2);
    assertThat(RegexBudget.addedUnits("(?P<word>ab){3}")).isEqualTo(4);
    assertThat(RegexBudget.addedUnits("(?:ab){3}")).isEqualTo(4);
  }

  @Test
  void nestedRepetitionsMultiplyAndAlternativesAdd() {
    assertThat(RegexBudget.addedUnits("(a{10}){10}")).isEqualTo(99);
    assertThat(RegexBudget.addedUnits("(ab{10}c){10}")).isEqualTo(120 - 3);
    assertThat(RegexBudget.addedUnits("a{10}|b{10}")).isEqualTo(18);
  }

  @Test
  void theCompilerKillerIsRefusedAtOnce() {
    assertThatThrownBy(() -> RegexBudget.check("filter.pattern", "((a{1000}){1000}){1000}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("filter.pattern")
        .hasMessageContaining("counted repetitions")
        .hasMessageContaining("1000");
  }

  /** 49 alternatives of (.{1000}){100}A: 783 characters, seconds per field searched. */
  @Test
  void manyCheapLookingAlternativesAreRefused() {
    assertThatThrownBy(() -> RegexBudget.check("filter.pattern", slowAlternatives()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RegexBudget.check("filter.pattern", ".{1000}|.{1000}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static String slowAlternatives() {
    StringJoiner j = new StringJoiner("|");
    for (int i = 0; i < 49; i++) {
      j.add("(.{1000}){100}" + (char) ('A' + i % 26));
    }
    return j.toString();
  }
}
