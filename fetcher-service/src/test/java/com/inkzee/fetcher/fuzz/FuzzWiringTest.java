package com.inkzee.fetcher.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.File;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Guards the fuzz wiring (fetcher-service/pom.xml, profile "fuzz", copied from rpc-protocol):
 * Jazzer fuzzes only the first @FuzzTest of a JVM, so each class has exactly one, with a seed
 * corpus and its dictionary on the classpath.
 */
class FuzzWiringTest {
  @Test
  void theFuzzTestHasOneTargetASeedCorpusAndADictionary() throws Exception {
    Class<?> c = FeedParserFuzzTest.class;
    List<Method> targets =
        Arrays.stream(c.getDeclaredMethods())
            .filter(m -> m.isAnnotationPresent(FuzzTest.class))
            .toList();
    assertThat(targets).hasSize(1);
    String inputs = c.getSimpleName() + "Inputs/" + targets.get(0).getName();
    assertThat(c.getResource(inputs)).as(inputs).isNotNull();
    assertThat(new File(c.getResource(inputs).toURI()).list()).as(inputs).hasSizeGreaterThan(3);
    DictionaryFile dict = targets.get(0).getAnnotation(DictionaryFile.class);
    assertThat(c.getResource(dict.resourcePath())).as(dict.resourcePath()).isNotNull();
  }
}
