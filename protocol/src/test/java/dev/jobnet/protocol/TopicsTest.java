package dev.jobnet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void aServersTopicIsItsNameBehindThePrefix() {
    assertThat(Topics.of("batch-1")).isEqualTo("jobnet.batch-1");
  }

  @Test
  void theServerIsReadBackFromItsTopic() {
    assertThat(Topics.serverOf(Topics.of("batch-1"))).contains("batch-1");
    assertThat(Topics.serverOf("jobnet.db.eu")).as("only the first prefix is the rule's").contains("db.eu");
  }

  @Test
  void aTopicWithoutThePrefixHasNoServer() {
    assertThat(Topics.serverOf("invoices")).isEmpty();
    assertThat(Topics.serverOf("Jobnet.batch-1")).isEmpty();
    assertThat(Topics.serverOf(null)).isEmpty();
    assertThat(Topics.isJobTopic(null)).isFalse();
    assertThat(Topics.isJobTopic("other.batch-1")).isFalse();
    assertThat(Topics.isJobTopic("jobnet.batch-1")).isTrue();
  }
}
