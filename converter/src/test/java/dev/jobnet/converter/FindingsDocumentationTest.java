package dev.jobnet.converter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/findings.md, which the CLI points users to, has a section for every code. */
class FindingsDocumentationTest {

  /** Tests run in the module directory; the docs are beside it. */
  private static final Path FINDINGS_MD = Path.of("..", "docs", "findings.md");

  @Test
  void everyFindingCodeHasASectionWithExampleOutput() throws IOException {
    // given
    String docs = Files.readString(FINDINGS_MD, StandardCharsets.UTF_8);

    // when
    List<String> undocumented = Arrays.stream(FindingCode.values())
        .filter(code -> !docs.contains("### " + code.code() + " " + code.name() + "\n")
            || !docs.contains(": " + code.code() + " "))
        .map(code -> code.code() + " " + code.name())
        .toList();

    // then
    assertThat(undocumented).as("codes without a '### JNxxx NAME' section and a printed finding in " + FINDINGS_MD)
        .isEmpty();
  }
}
