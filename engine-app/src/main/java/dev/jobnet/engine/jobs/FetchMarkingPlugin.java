package dev.jobnet.engine.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.cmd.FetchExternalTasksCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

/**
 * Writes the start markers of a named fetch in the fetch's own transaction ({@link
 * StartMarkers#markFetched}): an engine plugin that puts a command interceptor inside the engine's
 * transaction, after Camunda's fetch-and-lock command. The markers are written when the transaction
 * commits, after Camunda wrote its locks, so that only the jobs this fetch really locked are marked
 * (Camunda drops from its answer a job another fetch locked at the same moment). Only a named fetch
 * answered at once, on its request's thread, is marked ({@link FetchNames}); a long poll's later answer,
 * a fetch that names itself not (plain Camunda clients, older agents) are left as they are.
 */
@Component
class FetchMarkingPlugin extends AbstractProcessEnginePlugin {

  private final FetchNames names;
  /** Looked up at the first fetch (the engine is built before it), then kept. */
  private final Supplier<StartMarkers> markers;

  FetchMarkingPlugin(FetchNames names, ObjectProvider<StartMarkers> markers) {
    this.names = names;
    this.markers = SingletonSupplier.of(markers::getObject);
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<CommandInterceptor> post = configuration.getCustomPostCommandInterceptorsTxRequired() == null
        ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPostCommandInterceptorsTxRequired());
    post.add(new MarkFetched());
    configuration.setCustomPostCommandInterceptorsTxRequired(post);
  }

  private final class MarkFetched extends CommandInterceptor {
    @Override
    public <T> T execute(Command<T> command) {
      T result = next.execute(command);
      if (command instanceof FetchExternalTasksCmd && result instanceof List<?> list && !list.isEmpty()
          && list.get(0) instanceof LockedExternalTask first) {
        Optional<String> fetchId = names.answeringNow(first.getWorkerId());
        if (fetchId.isPresent()) {
          @SuppressWarnings("unchecked")
          List<LockedExternalTask> fetched = (List<LockedExternalTask>) list;
          Context.getCommandContext().getTransactionContext().addTransactionListener(TransactionState.COMMITTING,
              context -> markers.get().markFetched(fetched, fetchId.get()));
        }
      }
      return result;
    }
  }
}
