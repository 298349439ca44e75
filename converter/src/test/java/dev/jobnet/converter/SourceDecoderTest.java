package dev.jobnet.converter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SourceDecoderTest {

  @Test
  void utf8IsText() {
    // when
    SourceDecoder.Decoded decoded = SourceDecoder.decode("a.yaml", "name: 夜間取込\n".getBytes(StandardCharsets.UTF_8));
    // then
    assertThat(decoded).isInstanceOfSatisfying(SourceDecoder.Text.class, t -> {
      assertThat(t.source().name()).isEqualTo("a.yaml");
      assertThat(t.source().text()).isEqualTo("name: 夜間取込\n");
    });
  }

  @Test
  void otherEncodingsAreAFindingAtTheFirstByteThatIsNotUtf8() {
    // when
    SourceDecoder.Decoded decoded = SourceDecoder.decode("a.yaml",
        "jobnets:\n  x:\n    name: Café\n".getBytes(StandardCharsets.ISO_8859_1));
    // then
    assertThat(decoded).isInstanceOfSatisfying(SourceDecoder.Unreadable.class, u -> {
      assertThat(u.finding().code()).isEqualTo(FindingCode.FILE_UNREADABLE);
      assertThat(u.finding().format()).isEqualTo("a.yaml:3:14: JN007 the file is not UTF-8 text: the byte 0xE9"
          + " cannot be decoded; save the file as UTF-8");
    });
  }
}
