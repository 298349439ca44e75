package dev.jobnet.converter;

import static dev.jobnet.converter.testing.JobnetYaml.aFile;
import static dev.jobnet.converter.testing.JobnetYaml.aJob;
import static dev.jobnet.converter.testing.JobnetYaml.aRoot;
import static dev.jobnet.converter.testing.ValidationAssert.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Values with rules of their own: durations, schedules, retry policies, servers, env, workdir. */
class ValueFindingsTest {

  private final JobnetConverter converter = new JobnetConverter();

  private Validation validateJobWith(String key, String rawValue) {
    return converter.validate(List.of(aFile()
        .withRoot(aRoot("nightly").withJob(aJob("a").run("a.sh").with(key, rawValue)))
        .toSource("values.yaml")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2 hours", "10x", "1.5h", "-5m", "h", "PT", "P2X", "1h 30m"})
  void aTimeoutThatIsNoDurationIsInvalid(String timeout) {
    // when
    Validation validation = validateJobWith("timeout", "\"" + timeout + "\"");

    // then: at the value, after "        timeout: " on line 7
    assertThat(validation)
        .hasFinding(FindingCode.INVALID_DURATION).at("values.yaml", 7, 18)
        .withMessageContaining("is not a duration; write e.g. 30s, 10m, 2h, 1h30m, 500ms or ISO-8601 PT2H")
        .and().hasFindingCount(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "0ms", "PT0S"})
  void aTimeoutOfZeroIsInvalid(String timeout) {
    // when
    Validation validation = validateJobWith("timeout", timeout);

    // then
    assertThat(validation)
        .hasFinding(FindingCode.INVALID_DURATION).withMessageContaining("'timeout:' must be longer than zero")
        .and().hasFindingCount(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"500ms", "30s", "10m", "2h", "1d", "1h30m", "PT2H", "PT1H30M"})
  void durationsAsPeopleWriteThemAreValid(String timeout) {
    // when
    Validation validation = validateJobWith("timeout", timeout);

    // then
    assertThat(validation).isValid();
  }

  @Test
  void aBackoffThatIsNoDurationIsInvalid() {
    // when
    Validation validation = validateJobWith("retry", "{ retries: 3, backoff: soon }");

    // then
    assertThat(validation)
        .hasFinding(FindingCode.INVALID_DURATION).withMessageContaining("'backoff:' soon is not a duration")
        .and().hasFindingCount(1);
  }

  @Test
  void aScheduleWithFiveFieldsExplainsTheSixFieldForm() {
    // given
    SourceFile file = new SourceFile("cron.yaml", """
        jobnets:
          nightly:
            schedule: "0 2 * * *"
            jobs: { a: a.sh }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.INVALID_CRON).at("cron.yaml", 3, 15)
        .withMessageContaining("a cron expression has 6 fields", "this one has 5",
            "for 2 a.m. daily write \"0 0 2 * * ?\"")
        .and().hasFindingCount(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "0 0 25 * * ?",     // hour out of range
      "60 0 2 * * ?",     // second out of range
      "0 0 2 32 * ?",     // day of month out of range
      "0 0 2 ? 13 *",     // month out of range
      "0 0 2 * * MON",    // neither day field is '?'
      "0 0 2 ? * ?",      // both day fields are '?'
      "0 0 2 ? * FOO",    // no such day
      "0 0 2 * * ? 2030", // a year field: the engine refuses it
      "0 0 3 ? * 6#3",    // a numeric day of week: the engine counts 1 as Monday, Quartz as Sunday
      "0 0 3 ? * MON/2",  // a step in the day of week
      "0 0/0 2 * * ?",    // step of zero
      "every day"})
  void invalidCronExpressionsAreReported(String cron) {
    // given
    SourceFile file = aFile().withRoot(aRoot("nightly").schedule(cron).withJob(aJob("a").run("a.sh"))).toSource("cron.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.INVALID_CRON).at("cron.yaml", 4, 15).withMessageContaining("schedule \"" + cron + "\"")
        .and().hasFindingCount(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0 0 2 * * ?", "0 30 1 ? * MON-FRI", "0 0/15 * * * ?", "0 0 3 L * ?", "0 0 3 ? * FRI#3",
      "0 0 3 ? * FRIL", "0 0 4 ? JAN,JUL SUN"})
  void validCronExpressionsAreAccepted(String cron) {
    // given
    SourceFile file = aFile().withRoot(aRoot("nightly").schedule(cron).withJob(aJob("a").run("a.sh"))).toSource("cron.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation).isValid();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "1001", "lots", "1.5", "[3]", "{ retries: -2 }", "{ retries: many }",
      "{ factor: 0.5 }", "{ factor: 101 }", "{ jitter: 2 }", "{ jitter: -0.1 }", "{ backoff: 1m, maxBackoff: 10s }"})
  void impossibleRetryPoliciesAreInvalid(String retry) {
    // when
    Validation validation = validateJobWith("retry", retry);

    // then
    assertThat(validation).hasFinding(FindingCode.INVALID_RETRY).and().hasFindingCount(1);
  }

  @Test
  void retryFindingsSayWhatIsAllowed() {
    // given
    SourceFile file = new SourceFile("retry.yaml", """
        jobnets:
          nightly:
            jobs:
              a: { run: a.sh, retry: -1 }
              b: { run: b.sh, retry: { factor: 0.5, jitter: 2 } }
              c: { run: c.sh, retry: { backoff: 1m, maxBackoff: 10s } }
              d: { run: d.sh, retry: lots }
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.INVALID_RETRY).at("retry.yaml", 4, 30)
        .withMessageContaining("retries must be a whole number from 0 to 1000, found -1")
        .and().hasFinding(FindingCode.INVALID_RETRY).at("retry.yaml", 5, 40)
        .withMessageContaining("'factor:' must be a number from 1 (constant backoff) to 100")
        .and().hasFinding(FindingCode.INVALID_RETRY).at("retry.yaml", 5, 53)
        .withMessageContaining("'jitter:' must be a fraction from 0 to 1")
        .and().hasFinding(FindingCode.INVALID_RETRY).at("retry.yaml", 6, 57)
        .withMessageContaining("'maxBackoff:' 10s is shorter than 'backoff:' 1m")
        .and().hasFinding(FindingCode.INVALID_RETRY).at("retry.yaml", 7, 30)
        .withMessageContaining("'retry:' takes a number of retries", "found the text \"lots\"")
        .and().hasFindingCount(5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "3", "1000", "{ retries: 3, backoff: 10s, factor: 2, maxBackoff: 10m, jitter: 0.2 }",
      "{ retries: 0 }", "{ factor: 1, jitter: 0 }"})
  void possibleRetryPoliciesAreValid(String retry) {
    // when
    Validation validation = validateJobWith("retry", retry);

    // then
    assertThat(validation).isValid();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"batch 1\"", "\"\"", "\"-batch\"", "\"batch/1\"", "\"サーバ\""})
  void serverNamesOutsideTheAllowedFormAreInvalid(String server) {
    // when
    Validation validation = validateJobWith("server", server);

    // then
    assertThat(validation)
        .hasFinding(FindingCode.INVALID_SERVER).at("values.yaml", 7, 17)
        .withMessageContaining("is not allowed; use letters, digits, '.', '_' and '-', at most 64 characters")
        .and().hasFindingCount(1);
  }

  @Test
  void aServerNameLongerThan64CharactersIsInvalid() {
    // when
    Validation tooLong = validateJobWith("server", "s" + "1".repeat(64));
    Validation longest = validateJobWith("server", "s" + "1".repeat(63));

    // then
    assertThat(tooLong).hasOnlyFindings(FindingCode.INVALID_SERVER);
    assertThat(longest).isValid();
  }

  @Test
  void serverNamesAreCheckedInDefaultsAndJobnetsToo() {
    // given
    SourceFile file = aFile()
        .withDefault("server", "\"batch 1\"")
        .withRoot(aRoot("nightly").with("server", "\"pool a\"").withJob(aJob("a").run("a.sh")))
        .toSource("servers.yaml");

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.INVALID_SERVER).at("servers.yaml", 3, 11).withMessageContaining("'batch 1'")
        .and().hasFinding(FindingCode.INVALID_SERVER).at("servers.yaml", 6, 13).withMessageContaining("'pool a'")
        .and().hasFindingCount(2);
  }

  @Test
  void environmentNamesTheSchedulerSetsAreReserved() {
    // given
    SourceFile file = new SourceFile("env.yaml", """
        defaults:
          env:
            MM_ROOT_JOBNET_ID: mine
        jobnets:
          nightly:
            jobs:
              a:
                run: a.sh
                env:
                  JOBNET_ATTEMPT: "1"
                  JOBNET_PARAM_DATE: "2024-01-01"
                  MMX: allowed
                  LANG: ja_JP.UTF-8
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.INVALID_VALUE).at("env.yaml", 3, 5)
        .withMessageContaining("environment variable 'MM_ROOT_JOBNET_ID' is reserved: MM_* and JOBNET_* are set by the scheduler")
        .and().hasFinding(FindingCode.INVALID_VALUE).at("env.yaml", 10, 11).withMessageContaining("'JOBNET_ATTEMPT' is reserved")
        .and().hasFinding(FindingCode.INVALID_VALUE).at("env.yaml", 11, 11).withMessageContaining("'JOBNET_PARAM_DATE' is reserved")
        .and().hasFindingCount(3);
  }

  @Test
  void anEnvironmentNameThatAShellCannotUseIsInvalid() {
    // when
    Validation validation = validateJobWith("env", "{ 1ST: x, my-var: y, OK_2: z }");

    // then
    assertThat(validation)
        .hasFinding(FindingCode.INVALID_VALUE).withMessageContaining("environment variable name '1ST' is not allowed")
        .and().hasFinding(FindingCode.INVALID_VALUE).withMessageContaining("environment variable name 'my-var' is not allowed")
        .and().hasFindingCount(2);
  }

  @Test
  void anEmptyWorkdirIsInvalid() {
    // when
    Validation validation = validateJobWith("workdir", "\"  \"");

    // then
    assertThat(validation)
        .hasFinding(FindingCode.INVALID_VALUE).at("values.yaml", 7, 18)
        .withMessageContaining("'workdir:' is empty; name a directory or remove the key")
        .and().hasFindingCount(1);
  }

  @Test
  void anAbsurdlyLongDurationIsAFindingNotACrash() {
    // given: a thousand parts, which once overflowed the stack of a regular expression
    SourceFile file = new SourceFile("long-duration.yaml", """
        jobnets:
          nightly:
            jobs:
              a: { run: a.sh, timeout: %s }
        """.formatted("1s".repeat(1000)));

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.INVALID_DURATION).at("long-duration.yaml", 4, 32)
        .and().hasFindingCount(1);
  }

  @Test
  void settingsOnAnExpansionAreReportedBecauseTheExpandedRootsOwnApply() {
    // given
    SourceFile file = new SourceFile("expand-settings.yaml", """
        jobnets:
          nightly:
            jobs:
              monthly: { expand: report, server: batch-2, retry: 3 }
          report:
            jobs:
              r: r.sh
        """);

    // when
    Validation validation = converter.validate(List.of(file));

    // then
    assertThat(validation)
        .hasFinding(FindingCode.INVALID_VALUE).at("expand-settings.yaml", 4, 34)
        .withMessageContaining("'server:' has no effect on job 'monthly', which expands 'report'")
        .and().hasFinding(FindingCode.INVALID_VALUE).at("expand-settings.yaml", 4, 51)
        .withMessageContaining("'retry:' has no effect")
        .and().hasFindingCount(2);
  }
}
