package dev.jobnet.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobnet.engine.testing.EngineAppTest;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.persistence.entity.PropertyEntity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The engine's inserts go on as Camunda's do, and its id check still refuses what Camunda's refuses
 * with Camunda's message; only a valid entity is no longer printed to check its id
 * ({@link EntityIdCheckPlugin}). A property (Camunda's {@code ACT_GE_PROPERTY}, whose id is its name)
 * stands for any entity.
 */
class EntityIdCheckAppTest extends EngineAppTest {

  @Autowired
  ProcessEngine engine;

  /** A property that counts how often it is printed. */
  private static final class CountingProperty extends PropertyEntity {
    int printed;

    CountingProperty(String name) {
      super(name, "v");
    }

    @Override
    public String toString() {
      printed++;
      return super.toString();
    }
  }

  /** Thrown to roll a command back once it has inserted what a test looks at. */
  private static final class RollBack extends RuntimeException {}

  private <T> T inCommand(Command<T> command) {
    return ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getCommandExecutorTxRequired()
        .execute(command);
  }

  @Test
  void aValidEntityIsInsertedWithoutBeingPrinted() {
    CountingProperty property = new CountingProperty("jobnet-test-" + UUID.randomUUID());
    assertThatThrownBy(() -> inCommand(context -> {
      context.getDbEntityManager().insert(property);
      throw new RollBack();
    })).isInstanceOf(RollBack.class);
    assertThat(property.printed).as("times the entity was printed by its insert").isZero();
  }

  @Test
  void insertsAreWrittenAsBefore() {
    String name = "jobnet-test-" + UUID.randomUUID();
    inCommand(context -> {
      context.getDbEntityManager().insert(new PropertyEntity(name, "written"));
      return null;
    });
    assertThat(engine.getManagementService().getProperties()).containsEntry(name, "written");
    inCommand(context -> {
      context.getPropertyManager().delete(context.getPropertyManager().findPropertyById(name));
      return null;
    });
    assertThat(engine.getManagementService().getProperties()).doesNotContainKey(name);
  }

  @Test
  void anInvalidIdIsRefusedWithCamundasMessageAndNothingIsWritten() {
    assertThatThrownBy(() -> inCommand(context -> {
      context.getDbEntityManager().insert(new PropertyEntity("*", "refused"));
      return null;
    })).isInstanceOf(ProcessEngineException.class)
        .hasMessage("Entity PropertyEntity[name=*, revision=0, value=refused] has an invalid id: id cannot be *. * is a"
            + " reserved identifier.");
    assertThat(engine.getManagementService().getProperties()).doesNotContainKey("*");
  }
}
