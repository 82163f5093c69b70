package com.inkzee.rpc.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.catalogue.GoldenFiles.Version;
import com.inkzee.rpc.catalogue.GoldenRules.Outcome;
import com.inkzee.rpc.catalogue.GoldenRules.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A detector that never fires proves nothing: each deliberately incompatible edit of the real
 * schema text must be reported, naming what broke, and each compatible edit must pass.
 */
class BreakingChangeDetectionTest {
  private static final String PING_REQUEST = "message 100 PingRequest";
  private static final String PING_RESPONSE = "message 101 PingResponse";
  private static final String STORE = "service store";
  private static final String PING_METHOD = "method 0 ping(PingRequest): PingResponse idempotent";

  /** The current catalogue's schema: the edits below apply to what is really shipped. */
  private final String base = InkzeeCatalogue.get().schema();

  private static List<String> breaks(String before, String after) {
    return CompatibilityChecker.breakingChanges(
        SchemaModel.parse(before), SchemaModel.parse(after));
  }

  @Nested
  class IncompatibleEditsAreReported {
    @Test
    void changingAFieldsTypeNamesTheFieldAndBothTypes() {
      String edited = replace(base, PING_REQUEST, "field 1 echo: string", "field 1 echo: bytes");

      assertThat(breaks(base, edited))
          .containsExactly("field 1 (echo) of PingRequest changed type from string to bytes");
    }

    @Test
    void boxingAPrimitiveFieldChangesItsType() {
      // bool and bool? differ in what an absent field reads as: false or null.
      String edited = replace(base, PING_RESPONSE, "field 5 ready: bool", "field 5 ready: bool?");

      assertThat(breaks(base, edited))
          .containsExactly("field 5 (ready) of PingResponse changed type from bool to bool?");
    }

    @Test
    void movingAMessageToANewIdWhileRetiringTheOldOne() {
      String edited =
          base.replace(PING_REQUEST, "message 150 PingRequest")
              + "retired-message 100 was PingRequest, moved in 1.1\n";

      assertThat(breaks(base, edited))
          .containsExactly(
              "message PingRequest moved from id 100 to 150: older peers know it by its old id");
    }

    @Test
    void removingAFieldWithoutRetiringItsNumber() {
      String edited = remove(base, PING_REQUEST, "field 1 echo: string");

      assertThat(breaks(base, edited))
          .containsExactly("field 1 (echo) of PingRequest was removed without retiring its number");
    }

    @Test
    void reusingARetiredFieldNumber() {
      String before = insert(base, PING_REQUEST, "retired-field 7");
      String after = insert(before, PING_REQUEST, "field 7 sneaky: string");

      assertThat(breaks(before, after))
          .containsExactly("field 7 of PingRequest was retired and is reused by sneaky");
    }

    @Test
    void droppingARetiredFieldFromTheRetiredList() {
      String before = insert(base, PING_REQUEST, "retired-field 7");

      assertThat(breaks(before, base))
          .containsExactly("field 7 of PingRequest is no longer listed as retired");
    }

    @Test
    void reusingARetiredMessageId() {
      String before = base + "retired-message 199 was OldThing, removed in 1.0\n";
      String after = base + "message 199 NewThing\n  field 1 x: string\n";

      assertThat(breaks(before, after))
          .containsExactly(
              "message id 199 was retired (was OldThing, removed in 1.0) and is reused by NewThing");
    }

    @Test
    void givingAMessageIdToAnotherMessage() {
      String edited = replaceHeader(base, PING_REQUEST, "message 100 Impostor");

      assertThat(breaks(base, edited))
          .containsExactly(
              "message id 100 was PingRequest and is now Impostor: ids are never reused");
    }

    @Test
    void removingAMessageWithoutRetiringItsId() {
      String edited = removeSection(base, PING_RESPONSE);

      assertThat(breaks(base, edited))
          .containsExactly("message 101 (PingResponse) was removed; retire its id instead");
    }

    @Test
    void removingAMethod() {
      String edited = remove(base, STORE, PING_METHOD);

      assertThat(breaks(base, edited)).containsExactly("method store.ping (id 0) was removed");
    }

    @Test
    void renumberingAMethod() {
      String edited =
          replace(base, STORE, PING_METHOD, "method 7 ping(PingRequest): PingResponse idempotent");

      assertThat(breaks(base, edited))
          .containsExactly("method store.ping was renumbered from 0 to 7");
    }

    @Test
    void givingAMethodIdToAnotherMethod() {
      String edited =
          replace(base, STORE, PING_METHOD, "method 0 pong(PingRequest): PingResponse idempotent");

      assertThat(breaks(base, edited))
          .containsExactly(
              "method id 0 of store was ping and is now pong: method ids are never reused");
    }

    @Test
    void changingAMethodsSignature() {
      String edited =
          replace(base, STORE, PING_METHOD, "method 0 ping(PingResponse): PingResponse idempotent");

      assertThat(breaks(base, edited))
          .containsExactly(
              "method store.ping changed signature from (PingRequest): PingResponse to"
                  + " (PingResponse): PingResponse");
    }

    @Test
    void makingAMethodNonIdempotent() {
      String edited = replace(base, STORE, PING_METHOD, "method 0 ping(PingRequest): PingResponse");

      assertThat(breaks(base, edited))
          .containsExactly("method store.ping is no longer idempotent; old clients would retry it");
    }

    @Test
    void removingAService() {
      String edited = removeSection(base, "service fetcher");

      assertThat(breaks(base, edited)).containsExactly("service fetcher was removed");
    }

    @Test
    void removingAnEnumConstant() {
      String before = base + "enum Colour: BLUE RED\n";
      String after = base + "enum Colour: RED\n";

      assertThat(breaks(before, after)).containsExactly("enum Colour lost constant BLUE");
    }

    @Test
    void loweringTheMinorVersion() {
      Version v = Version.of(SchemaModel.parse(base));
      String before = withVersion(base, v.major() + "." + (v.minor() + 1));

      assertThat(breaks(before, base))
          .containsExactly(
              "catalogue version went down from " + v.major() + "." + (v.minor() + 1) + " to " + v);
    }

    @Test
    void everyBreakIsListedNotJustTheFirst() {
      String edited =
          removeSection(
              remove(
                  replace(base, PING_REQUEST, "field 1 echo: string", "field 1 echo: int64"),
                  STORE,
                  PING_METHOD),
              "service fetcher");

      assertThat(breaks(base, edited)).hasSize(3);
    }
  }

  @Nested
  class CompatibleEditsPass {
    @Test
    void addingAField() {
      assertCompatibleChange(base, insert(base, PING_REQUEST, "field 2 sentAt: timestamp"));
    }

    @Test
    void addingAMethod() {
      assertCompatibleChange(
          base, insert(base, STORE, "method 999 status(PingRequest): PingResponse"));
    }

    @Test
    void addingAMessage() {
      assertCompatibleChange(base, base + "message 199 NewThing\n  field 1 x: string\n");
    }

    @Test
    void addingAService() {
      assertCompatibleChange(
          base, base + "service newcomer\n  method 0 ping(PingRequest): PingResponse idempotent\n");
    }

    @Test
    void addingAnEnumConstant() {
      assertCompatibleChange(base + "enum Colour: RED\n", base + "enum Colour: BLUE RED\n");
    }

    @Test
    void retiringAFieldInsteadOfRemovingIt() {
      String edited =
          insert(
              remove(base, PING_REQUEST, "field 1 echo: string"), PING_REQUEST, "retired-field 1");

      assertCompatibleChange(base, edited);
    }

    @Test
    void retiringAMessageInsteadOfRemovingIt() {
      String before = base + "message 199 Temporary\n  field 1 x: string\n";
      String after = base + "retired-message 199 was Temporary, removed in 1.1\n";

      assertCompatibleChange(before, after);
    }

    @Test
    void renamingAFieldBecauseOnlyItsNumberTravels() {
      assertCompatibleChange(
          base, replace(base, PING_REQUEST, "field 1 echo: string", "field 1 text: string"));
    }

    @Test
    void makingAMethodIdempotent() {
      String before = replace(base, STORE, PING_METHOD, "method 0 ping(PingRequest): PingResponse");

      assertCompatibleChange(before, base);
    }

    @Test
    void anUnchangedSchemaIsNoChangeAtAll() {
      assertThat(breaks(base, base)).isEmpty();
      assertThat(CompatibilityChecker.changed(SchemaModel.parse(base), SchemaModel.parse(base)))
          .isFalse();
    }

    @Test
    void aNewMajorVersionPromisesNothing() {
      String nextMajor =
          withVersion(removeSection(base, PING_RESPONSE), "2.0")
              .replace("echo: string", "echo: bytes");

      assertThat(breaks(base, nextMajor)).isEmpty();
    }

    private void assertCompatibleChange(String before, String after) {
      assertThat(breaks(before, after)).isEmpty();
      // ...but still a change, so the golden check demands a new minor version for it.
      assertThat(CompatibilityChecker.changed(SchemaModel.parse(before), SchemaModel.parse(after)))
          .isTrue();
    }
  }

  @Nested
  class GoldenVersionRules {
    private final Version v = Version.of(SchemaModel.parse(base));
    private final Version next = new Version(v.major(), v.minor() + 1);
    private final String withField = insert(base, PING_REQUEST, "field 2 sentAt: timestamp");

    @Test
    void aCheckedInSchemaEqualToTheCatalogueIsUpToDate() {
      assertThat(GoldenRules.verdict(goldens(v, base), base).outcome())
          .isEqualTo(Outcome.UP_TO_DATE);
    }

    @Test
    void aChangeWithoutAMinorBumpFailsSayingSoAndShowingTheChange() {
      Verdict verdict = GoldenRules.verdict(goldens(v, base), withField);

      assertThat(verdict.outcome()).isEqualTo(Outcome.NOT_BUMPED);
      assertThat(verdict.message())
          .contains("bump InkzeeCatalogue.MINOR to " + next.minor())
          .contains("+ message 100 PingRequest: field 2 sentAt: timestamp");
    }

    @Test
    void aBumpedVersionWithoutItsGoldenFileFailsWithTheCommandThatWritesIt() {
      Verdict verdict =
          GoldenRules.verdict(goldens(v, base), withVersion(withField, next.toString()));

      assertThat(verdict.outcome()).isEqualTo(Outcome.MISSING_GOLDEN);
      assertThat(verdict.message())
          .contains(
              "./mvnw -pl rpc-protocol test -Dtest=CatalogueCompatibilityTest"
                  + " -Dinkzee.updateGolden=true")
          .contains("schema-" + next + ".txt")
          .contains("+ message 100 PingRequest: field 2 sentAt: timestamp");
    }

    @Test
    void aCommentOnlyDifferenceMayBeRewritten() {
      Verdict verdict = GoldenRules.verdict(goldens(v, "# an older header\n" + base), base);

      assertThat(verdict.outcome()).isEqualTo(Outcome.TEXT_ONLY);
    }

    @Test
    void aVersionBelowTheNewestGoldenFileIsRefused() {
      Verdict verdict =
          GoldenRules.verdict(goldens(next, withVersion(base, next.toString())), base);

      assertThat(verdict.outcome()).isEqualTo(Outcome.VERSION_WENT_DOWN);
    }

    @Test
    void breaksAreCheckedAgainstEveryGoldenFileNotOnlyTheNewest() {
      // 1.0 had field 2 as a string; 1.1 lost it without retiring it (a slip nobody caught);
      // bringing field 2 back as a number breaks 1.0 peers even though 1.1 looks fine.
      String v10 = insert(base, PING_REQUEST, "field 2 note: string");
      String v11 = withVersion(base, next.toString());
      String v12 =
          withVersion(
              insert(base, PING_REQUEST, "field 2 count: int64"),
              v.major() + "." + (v.minor() + 2));
      NavigableMap<Version, String> goldens = goldens(v, v10);
      goldens.put(next, v11);

      assertThat(GoldenRules.breakingChanges(goldens, v12))
          .containsExactly(
              "schema-"
                  + v
                  + ".txt: field 2 (note) of PingRequest changed type from string to int64");
    }

    private NavigableMap<Version, String> goldens(Version version, String text) {
      NavigableMap<Version, String> goldens = new TreeMap<>();
      goldens.put(version, text);
      return goldens;
    }
  }

  // Text edits of a schema. Each fails loudly when the line it edits is not there, so a change of
  // the real catalogue cannot turn these tests into no-ops.

  /** Replaces the indented line {@code line} of section {@code header}. */
  static String replace(String schema, String header, String line, String replacement) {
    List<String> lines = lines(schema);
    int at = indexIn(lines, header, line);
    lines.set(at, "  " + replacement);
    return join(lines);
  }

  static String remove(String schema, String header, String line) {
    List<String> lines = lines(schema);
    lines.remove(indexIn(lines, header, line));
    return join(lines);
  }

  /** Adds an indented line at the end of section {@code header}. */
  static String insert(String schema, String header, String line) {
    List<String> lines = lines(schema);
    int at = headerIndex(lines, header) + 1;
    while (at < lines.size() && lines.get(at).startsWith(" ")) {
      at++;
    }
    lines.add(at, "  " + line);
    return join(lines);
  }

  static String replaceHeader(String schema, String header, String replacement) {
    List<String> lines = lines(schema);
    lines.set(headerIndex(lines, header), replacement);
    return join(lines);
  }

  /** Removes a message or service with all its indented lines. */
  static String removeSection(String schema, String header) {
    List<String> lines = lines(schema);
    int at = headerIndex(lines, header);
    lines.remove(at);
    while (at < lines.size() && lines.get(at).startsWith(" ")) {
      lines.remove(at);
    }
    return join(lines);
  }

  static String withVersion(String schema, String version) {
    List<String> lines = lines(schema);
    int at = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("catalogue ")) {
        at = i;
      }
    }
    assertThat(at).as("the schema's catalogue line").isNotNegative();
    lines.set(at, "catalogue " + version);
    return join(lines);
  }

  private static int indexIn(List<String> lines, String header, String line) {
    for (int i = headerIndex(lines, header) + 1;
        i < lines.size() && lines.get(i).startsWith(" ");
        i++) {
      if (lines.get(i).strip().equals(line)) {
        return i;
      }
    }
    throw new AssertionError("no line '" + line + "' under '" + header + "' in the schema");
  }

  private static int headerIndex(List<String> lines, String header) {
    int at = lines.indexOf(header);
    if (at < 0) {
      throw new AssertionError("no section '" + header + "' in the schema");
    }
    return at;
  }

  private static List<String> lines(String schema) {
    return new ArrayList<>(List.of(schema.split("\n")));
  }

  private static String join(List<String> lines) {
    return String.join("\n", lines) + "\n";
  }
}
