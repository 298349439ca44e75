package dev.jobnet.converter.testing;

import static dev.jobnet.converter.testing.JobnetYaml.aFile;
import static dev.jobnet.converter.testing.JobnetYaml.aJob;
import static dev.jobnet.converter.testing.JobnetYaml.aJobnet;
import static dev.jobnet.converter.testing.JobnetYaml.aRoot;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The builder writes the YAML a person would, so that line numbers in tests are predictable. */
class JobnetYamlTest {

  @Test
  void writesBlockStyleYamlTwoSpacesPerLevel() {
    // given
    JobnetYaml.FileBuilder file = aFile()
        .withDefault("server", "batch-1")
        .withRoot(aRoot("nightly").name("夜間取込").schedule("0 0 2 * * ?")
            .withJob(aJob("a").run("/opt/batch/a.sh --all").next("b", "c"))
            .withJob(aJob("b").jobnet(aJobnet().withJob(aJob("x").run("x.sh"))).next("c"))
            .withJob(aJob("c").expand("monthly").with("retry", "0"))
            .withJob(aJob("d"))
            .withFinally(aJob("cleanup").run("cleanup.sh")));

    // when
    String yaml = file.toYaml();

    // then
    assertThat(yaml).isEqualTo("""
        version: 1
        defaults:
          server: batch-1
        jobnets:
          nightly:
            name: "夜間取込"
            schedule: "0 0 2 * * ?"
            jobs:
              a:
                run: "/opt/batch/a.sh --all"
                next: [b, c]
              b:
                next: c
                jobnet:
                  jobs:
                    x:
                      run: x.sh
              c:
                expand: monthly
                retry: 0
              d: {}
            finally:
              jobs:
                cleanup:
                  run: cleanup.sh
        """);
  }

  @Test
  void quotesWhatYamlWouldReadAsSomethingElse() {
    // given / when / then
    assertThat(JobnetYaml.scalar("a.sh")).isEqualTo("a.sh");
    assertThat(JobnetYaml.scalar("yes")).isEqualTo("\"yes\"");
    assertThat(JobnetYaml.scalar("123")).isEqualTo("\"123\"");
    assertThat(JobnetYaml.scalar(".5")).isEqualTo("\".5\"");
    assertThat(JobnetYaml.scalar("say \"hi\": now")).isEqualTo("\"say \\\"hi\\\": now\"");
  }
}
