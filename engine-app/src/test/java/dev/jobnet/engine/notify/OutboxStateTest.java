package dev.jobnet.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutboxStateTest {

  @Test
  void aPendingMailEndsSentWithoutRecipientOrGivenUp() {
    assertThat(OutboxState.PENDING.canBecome(OutboxState.SENT)).isTrue();
    assertThat(OutboxState.PENDING.canBecome(OutboxState.NO_RECIPIENT)).isTrue();
    assertThat(OutboxState.PENDING.canBecome(OutboxState.GAVE_UP)).isTrue();
    assertThat(OutboxState.PENDING.isFinal()).isFalse();
  }

  @Test
  void aSentMailIsNeverSentAgain() {
    assertThat(OutboxState.SENT.isFinal()).isTrue();
    assertThat(OutboxState.SENT.canBecome(OutboxState.PENDING)).isFalse();
  }

  @Test
  void aMailWithoutRecipientOrGivenUpStaysSo() {
    assertThat(OutboxState.NO_RECIPIENT.isFinal()).isTrue();
    assertThat(OutboxState.GAVE_UP.isFinal()).isTrue();
    assertThat(OutboxState.GAVE_UP.canBecome(OutboxState.PENDING)).isFalse();
  }
}
