package com.inkzee.rpc.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Guards the build's fuzz wiring (rpc-protocol/pom.xml, profile "fuzz"): Jazzer fuzzes only the
 * first @FuzzTest of a JVM and silently skips the rest, and each class gets its own JVM, so a
 * second @FuzzTest in a class would never be fuzzed.
 */
class FuzzWiringTest {
  private static List<Class<?>> fuzzTestClasses()
      throws URISyntaxException, ClassNotFoundException {
    File dir = new File(FuzzWiringTest.class.getResource("").toURI());
    String[] names = dir.list((d, n) -> n.endsWith("FuzzTest.class"));
    assertThat(names).as("fuzz test classes in %s", dir).isNotEmpty();
    Arrays.sort(names);
    Class<?>[] classes = new Class<?>[names.length];
    for (int i = 0; i < names.length; i++) {
      String simple = names[i].substring(0, names[i].length() - ".class".length());
      classes[i] = Class.forName(FuzzWiringTest.class.getPackageName() + "." + simple);
    }
    return List.of(classes);
  }

  @Test
  void everyFuzzTestClassHasExactlyOneFuzzTestWithASeedCorpus() throws Exception {
    List<Class<?>> classes = fuzzTestClasses();
    assertThat(classes)
        .extracting(Class::getSimpleName)
        .contains("FrameDecoderFuzzTest", "MessageCodecFuzzTest", "HandshakeFuzzTest");
    for (Class<?> c : classes) {
      List<Method> targets =
          Arrays.stream(c.getDeclaredMethods())
              .filter(m -> m.isAnnotationPresent(FuzzTest.class))
              .toList();
      assertThat(targets).as("@FuzzTest methods of %s", c.getSimpleName()).hasSize(1);
      Method target = targets.get(0);
      String inputs = c.getSimpleName() + "Inputs/" + target.getName();
      assertThat(c.getResource(inputs)).as("seed corpus %s", inputs).isNotNull();
      assertThat(new File(c.getResource(inputs).toURI()).list()).as(inputs).isNotEmpty();
      DictionaryFile dict = target.getAnnotation(DictionaryFile.class);
      if (dict != null) {
        assertThat(c.getResource(dict.resourcePath())).as(dict.resourcePath()).isNotNull();
      }
    }
  }
}
