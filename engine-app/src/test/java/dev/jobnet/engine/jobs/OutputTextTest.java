package dev.jobnet.engine.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The text of a stream: head, the line for what was not kept, tail; UTF-8 kept whole. */
class OutputTextTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(OutputText t) {
    return new String(t.text(), StandardCharsets.UTF_8);
  }

  @Test
  void nothingDroppedIsHeadThenTail() {
    // when
    OutputText t = OutputText.of(utf8("abc"), utf8("def"), 6);
    // then
    assertThat(text(t)).isEqualTo("abcdef");
    assertThat(t.truncated()).isFalse();
    assertThat(t.total()).isEqualTo(6);
  }

  @Test
  void droppedBytesAreNamedInALineBetweenHeadAndTail() {
    // when
    OutputText t = OutputText.of(utf8("first\n"), utf8("last\n"), 1000);
    // then
    assertThat(text(t)).isEqualTo("first\n\n… [989 bytes not kept] …\nlast\n");
    assertThat(t.truncated()).isTrue();
    assertThat(t.notShown()).isEqualTo(989);
  }

  @Test
  void charactersCutAtTheEdgesAreLeftOutAndCounted() {
    // given: "日本" is 6 bytes; the head ends after 1 byte of 本, the tail begins with 2 bytes of 語
    byte[] nihon = utf8("日本");
    byte[] head = java.util.Arrays.copyOf(nihon, 4);
    byte[] go = utf8("語x");
    byte[] tail = java.util.Arrays.copyOfRange(go, 1, go.length);
    // when
    OutputText t = OutputText.of(head, tail, 100);
    // then
    assertThat(text(t)).isEqualTo("日\n… [" + (100 - 4 - 3 + 1 + 2) + " bytes not kept] …\nx");
  }

  @Test
  void completeCharactersAtTheEdgesStay() {
    assertThat(OutputText.completeEnd(utf8("a日"))).isEqualTo(4);
    assertThat(OutputText.completeEnd(utf8("a😀"))).isEqualTo(5);
    assertThat(OutputText.firstLead(utf8("日a"))).isZero();
  }

  @Test
  void bytesThatAreNotUtf8AreLeftAsTheyAre() {
    byte[] binary = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 'a'};
    assertThat(OutputText.firstLead(binary)).isZero();
    assertThat(OutputText.completeEnd(binary)).isEqualTo(binary.length);
  }

  @Test
  void theLastLinesAreCountedFromTheEndWithOrWithoutAFinalNewline() {
    assertThat(OutputText.lastLines("a\nb\nc\n", 2)).isEqualTo("b\nc");
    assertThat(OutputText.lastLines("a\nb\nc", 2)).isEqualTo("b\nc");
    assertThat(OutputText.lastLines("a\nb\nc", 1)).isEqualTo("c");
    assertThat(OutputText.lastLines("a\nb", 5)).isEqualTo("a\nb");
    assertThat(OutputText.lastLines("\nx", 1)).isEqualTo("x");
    assertThat(OutputText.lastLines("", 3)).isEmpty();
    assertThat(OutputText.lastLines("日本語\n集計", 1)).isEqualTo("集計");
  }
}
