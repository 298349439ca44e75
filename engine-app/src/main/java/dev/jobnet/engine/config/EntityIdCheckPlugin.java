package dev.jobnet.engine.config;

import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.IdGenerator;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.db.DbEntity;
import org.camunda.bpm.engine.impl.db.PersistenceSession;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManager;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManagerFactory;

/**
 * An engine plugin (the Camunda starter picks up plugin beans) that gives every command Camunda's
 * entity manager with one change: the check of a new entity's id builds its error message only when the
 * id is invalid. Camunda's check builds the message, with the whole entity printed into it, for every
 * entity it inserts, valid or not: about 4 % of the engine's CPU under a burst of starts (B5), most of it
 * printing history events. The check itself is Camunda's, and so is its failure, message included
 * (an id must not be null or {@link Authorization#ANY}).
 */
public final class EntityIdCheckPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    // after init: the id generator is made then, and Camunda's own factory is in the map to replace
    configuration.getSessionFactories().put(DbEntityManager.class, new Factory(configuration.getIdGenerator()));
  }

  /** Opens {@link CheckingWhenInvalid} where Camunda's factory opens its entity manager. */
  static final class Factory extends DbEntityManagerFactory {

    Factory(IdGenerator ids) {
      super(ids);
    }

    @Override
    public DbEntityManager openSession() {
      return new CheckingWhenInvalid(idGenerator, Context.getCommandContext().getSession(PersistenceSession.class));
    }
  }

  /** Camunda's entity manager, whose id check describes the entity only to refuse it. */
  static final class CheckingWhenInvalid extends DbEntityManager {

    CheckingWhenInvalid(IdGenerator ids, PersistenceSession persistence) {
      super(ids, persistence);
    }

    @Override
    protected void validateId(DbEntity entity) {
      String id = entity.getId();
      if (id == null || Authorization.ANY.equals(id)) {
        super.validateId(entity); // Camunda's refusal, with its message
      }
    }
  }
}
