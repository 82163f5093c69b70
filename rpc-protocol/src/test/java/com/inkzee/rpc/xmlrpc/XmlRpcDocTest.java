package com.inkzee.rpc.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.status.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/XMLRPC.md's fault table is what clients code against: it must match {@link Status}. */
class XmlRpcDocTest {
  @Test
  void faultTableHasARowPerStatusWithItsCode() throws IOException {
    String doc = read();
    for (Status s : Status.values()) {
      assertThat(doc)
          .as("docs/XMLRPC.md fault table row for %s", s)
          .containsPattern("(?m)^\\| " + s.code() + " \\| " + s.name() + " \\|");
    }
  }

  @Test
  void documentsTheTokenHeaderTheServerReads() throws IOException {
    assertThat(read()).contains("`" + TokenCheck.HEADER + ": <token>`");
  }

  private static String read() throws IOException {
    Path base = Path.of("").toAbsolutePath();
    for (Path p : new Path[] {base.resolve("../docs/XMLRPC.md"), base.resolve("docs/XMLRPC.md")}) {
      if (Files.isRegularFile(p)) {
        return Files.readString(p, StandardCharsets.UTF_8);
      }
    }
    throw new IOException("docs/XMLRPC.md not found from " + base);
  }
}
