package dev.jobnet.agent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandLineTest {

  @Test
  void wordsAreSplitOnWhitespace() {
    assertThat(CommandLine.parse("  /opt/batch/load.sh  --day today ").argv())
        .containsExactly("/opt/batch/load.sh", "--day", "today");
  }

  @Test
  void quotesKeepSpacesAndNothingIsInterpreted() {
    assertThat(CommandLine.parse("echo 'a  b' \"c \\\"d\\\" $HOME\" e\\ f *").argv())
        .containsExactly("echo", "a  b", "c \"d\" $HOME", "e f", "*");
  }

  @Test
  void unbalancedQuotesAndEmptyCommandsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> CommandLine.parse("echo 'oops")).hasMessageContaining("unbalanced '");
    assertThatThrownBy(() -> CommandLine.parse("echo \"oops")).hasMessageContaining("unbalanced \"");
    assertThatThrownBy(() -> CommandLine.parse("   ")).hasMessageContaining("empty");
    assertThatThrownBy(() -> CommandLine.parse("a \\")).hasMessageContaining("lone backslash");
  }
}
