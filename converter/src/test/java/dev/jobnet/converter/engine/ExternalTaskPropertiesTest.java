package dev.jobnet.converter.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a worker agent receives when it fetches a job the way it will in production: by topic (one per
 * server), with the extension properties that carry the command and its policies.
 */
class ExternalTaskPropertiesTest {

  @RegisterExtension
  static ProcessEngineExtension engine = InMemoryEngine.extension();

  static final String AGENT = "agent-1";
  static final long LOCK_MILLIS = 30_000;

  private final JobnetDeployer deployer = new JobnetDeployer(engine);
  private ProcessInstance run;

  @BeforeEach
  void startRun() {
    deployer.deploy("""
        version: 1
        defaults:
          retry: { retries: 3, backoff: 30s, factor: 2, maxBackoff: 5m, jitter: 0.1 }
          timeout: 2h
        jobnets:
          nightly-import:
            name: 夜間取込
            env: { LANG: ja_JP.UTF-8 }
            jobs:
              extract: { run: "/opt/batch/extract.sh --day 'today'", next: [upload, load] }
              upload:  { run: /opt/batch/upload.sh, server: uploader, next: archive }
              load:
                run: /opt/batch/load.sh
                retry: 0
                workdir: /var/batch
                env: { TZ: Asia/Tokyo }
                next: archive
              archive:
                jobnet:
                  server: batch-2
                  jobs:
                    pack: { run: /opt/batch/pack.sh }
                    seal: { run: /opt/batch/seal.sh, timeout: 10m }
        """);
    run = engine.getRuntimeService().startProcessInstanceByKey("nightly-import");
  }

  @Test
  void firstJobCarriesItsCommandAndPolicies() {
    // when
    List<LockedExternalTask> tasks = fetch("jobnet.default");

    // then
    assertThat(tasks).singleElement().satisfies(t -> {
      assertThat(t.getActivityId()).isEqualTo("extract");
      assertThat(t.getProcessInstanceId()).isEqualTo(run.getId());
      assertThat(t.getExtensionProperties()).contains(
          entry("jobnet.kind", "job"),
          entry("jobnet.id", "extract"),
          entry("jobnet.path", "/nightly-import/extract"),
          entry("jobnet.ancestors", "nightly-import"),
          entry("jobnet.command", "/opt/batch/extract.sh --day 'today'"),
          entry("jobnet.server", "default"),
          entry("jobnet.timeout", "PT2H"),
          entry("jobnet.retries", "3"),
          entry("jobnet.backoff", "PT30S"),
          entry("jobnet.backoffFactor", "2.0"),
          entry("jobnet.maxBackoff", "PT5M"),
          entry("jobnet.jitter", "0.1"),
          entry("jobnet.env.LANG", "ja_JP.UTF-8"));
      assertThat(t.getExtensionProperties()).doesNotContainKeys("jobnet.upstream", "jobnet.workdir");
    });
  }

  @Test
  void eachServerHasItsOwnTopicAndJobsKnowTheirUpstream() {
    // given
    completeAll("jobnet.default");

    // when
    List<LockedExternalTask> onDefault = fetch("jobnet.default");
    List<LockedExternalTask> onUploader = fetch("jobnet.uploader");

    // then
    assertThat(onDefault).singleElement().satisfies(t -> {
      assertThat(t.getActivityId()).isEqualTo("load");
      assertThat(t.getExtensionProperties()).contains(
          entry("jobnet.command", "/opt/batch/load.sh"),
          entry("jobnet.retries", "0"),
          entry("jobnet.backoff", "PT30S"),
          entry("jobnet.maxBackoff", "PT5M"),
          entry("jobnet.jitter", "0.1"),
          entry("jobnet.server", "default"),
          entry("jobnet.path", "/nightly-import/load"),
          entry("jobnet.upstream", "extract"),
          entry("jobnet.workdir", "/var/batch"),
          entry("jobnet.env.LANG", "ja_JP.UTF-8"),
          entry("jobnet.env.TZ", "Asia/Tokyo"));
    });
    assertThat(onUploader).singleElement().satisfies(t -> {
      assertThat(t.getActivityId()).isEqualTo("upload");
      assertThat(t.getTopicName()).isEqualTo("jobnet.uploader");
      assertThat(t.getExtensionProperties()).contains(
          entry("jobnet.server", "uploader"),
          entry("jobnet.path", "/nightly-import/upload"),
          entry("jobnet.upstream", "extract"),
          entry("jobnet.retries", "3"));
    });
  }

  @Test
  void jobsOfANestedJobnetInheritItsServerAndNameTheirPathAndUpstream() {
    // given
    completeAll("jobnet.default");
    completeAll("jobnet.default", "jobnet.uploader");
    new ProcessDriver(engine).executeJobs(run);

    // when
    List<LockedExternalTask> first = fetch("jobnet.batch-2");
    completeAll(first);
    List<LockedExternalTask> second = fetch("jobnet.batch-2");

    // then
    assertThat(first).singleElement().satisfies(t -> {
      assertThat(t.getActivityId()).isEqualTo("archive.pack");
      assertThat(t.getExtensionProperties()).contains(
          entry("jobnet.id", "pack"),
          entry("jobnet.path", "/nightly-import/archive/pack"),
          entry("jobnet.ancestors", "nightly-import;archive"),
          entry("jobnet.server", "batch-2"))
          .doesNotContainKey("jobnet.upstream");
    });
    assertThat(second).singleElement().satisfies(t -> {
      assertThat(t.getActivityId()).isEqualTo("archive.seal");
      assertThat(t.getExtensionProperties()).contains(
          entry("jobnet.path", "/nightly-import/archive/seal"),
          entry("jobnet.upstream", "archive.pack"),
          entry("jobnet.timeout", "PT10M"),
          entry("jobnet.server", "batch-2"));
    });
  }

  private List<LockedExternalTask> fetch(String... topics) {
    var builder = engine.getExternalTaskService().fetchAndLock(10, AGENT);
    for (String topic : topics) {
      builder = builder.topic(topic, LOCK_MILLIS).includeExtensionProperties();
    }
    return builder.execute();
  }

  private void completeAll(String... topics) {
    completeAll(fetch(topics));
  }

  private void completeAll(List<LockedExternalTask> tasks) {
    tasks.forEach(t -> engine.getExternalTaskService().complete(t.getId(), AGENT));
  }
}
