package dev.jobnet.converter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that cannot be read is a finding (exit 1) reported beside the others; a missing argument is usage (2). */
class JobnetCliUnreadableFileTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final JobnetCli cli = new JobnetCli(new PrintStream(out, true, StandardCharsets.UTF_8),
      new PrintStream(err, true, StandardCharsets.UTF_8));

  @Test
  void aFileThatIsNotUtf8IsAFindingAndTheOtherFilesAreStillChecked(@TempDir Path dir) throws IOException {
    // given
    Path latin1 = dir.resolve("latin1.yaml");
    Files.write(latin1, new byte[] {'j', 'o', 'b', 'n', 'e', 't', 's', ':', ' ', (byte) 0xE9, '\n'});
    Path other = dir.resolve("other.yaml");
    Files.writeString(other, "jobnets:\n  nightly:\n    jobs: {}\n");

    // when
    int exit = cli.run(new String[] {"validate", latin1.toString(), other.toString()});

    // then
    assertThat(exit).isEqualTo(JobnetCli.FINDINGS);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(latin1 + ":1:10: JN007 the file is not UTF-8 text: the byte 0xE9 cannot be decoded")
        .contains(other + ":3:5: JN103");
  }

  @Test
  void aFileNamedThatDoesNotExistIsAUsageError(@TempDir Path dir) {
    // when
    int exit = cli.run(new String[] {"validate", dir.resolve("missing.yaml").toString()});

    // then
    assertThat(exit).isEqualTo(JobnetCli.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no such file or directory");
  }
}
