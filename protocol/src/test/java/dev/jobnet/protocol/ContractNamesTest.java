package dev.jobnet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The names users see in the BPMN and through the REST API ({@code docs/bpmn-mapping.md}): they never change. */
class ContractNamesTest {

  @Test
  void bpmnPropertiesAreTheDocumentedNames() {
    assertThat(BpmnProperties.KIND).isEqualTo("jobnet.kind");
    assertThat(BpmnProperties.COMMAND).isEqualTo("jobnet.command");
    assertThat(BpmnProperties.BACKOFF_FACTOR).isEqualTo("jobnet.backoffFactor");
    assertThat(BpmnProperties.env("LANG")).isEqualTo("jobnet.env.LANG");
    assertThat(BpmnProperties.env("LANG")).startsWith(BpmnProperties.ENV_PREFIX);
  }

  @Test
  void processVariablesAreTheDocumentedNamesAndAllTheSchedulersOwn() {
    assertThat(ProcessVariables.OUTCOME).isEqualTo("jobnetOutcome");
    assertThat(ProcessVariables.RESULT).isEqualTo("jobnetResult");
    assertThat(ProcessVariables.RESULT_REASON).isEqualTo("jobnetReason");
    assertThat(ProcessVariables.ANCESTOR_IDS).isEqualTo("jobnetAncestorIds");
    assertThat(ProcessVariables.FULL_ANCESTOR_IDS).isEqualTo("jobnetFullAncestorIds");
    assertThat(ProcessVariables.ATTEMPT_OFFSET).isEqualTo("jobnetAttemptOffset");
    assertThat(ProcessVariables.isOwn(ProcessVariables.ATTEMPT_OFFSET)).isTrue();
    assertThat(ProcessVariables.isOwn("file")).as("a start parameter").isFalse();
  }
}
