package dev.jobnet.engine.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts the statements that run through the application's DataSource on the thread that {@link
 * #watch watches} them, those a filter picks: the app's DataSource is wrapped, in the test only
 * ({@code @Import(StatementCounter.Counting.class)}), so that every prepared statement is told here
 * when it executes. Works the same on H2 and PostgreSQL; background work of other threads
 * (schedulers, the job executor) is not counted.
 */
public final class StatementCounter {

  private static volatile Thread watched;
  private static volatile Predicate<String> picked = sql -> true;
  private static final List<String> EXECUTED = new ArrayList<>();

  private StatementCounter() {}

  /** From now on, counts the statements the calling thread runs that {@code filter} picks, from zero. */
  public static synchronized void watch(Predicate<String> filter) {
    picked = filter;
    watched = Thread.currentThread();
    EXECUTED.clear();
  }

  /** Picks the statements that name {@code table} (any case). */
  public static Predicate<String> naming(String table) {
    String lower = table.toLowerCase(Locale.ROOT);
    return sql -> sql.toLowerCase(Locale.ROOT).contains(lower);
  }

  /** The statements counted since {@link #watch()} or the last {@code take}, in order; starts again from zero. */
  public static synchronized List<String> take() {
    List<String> taken = List.copyOf(EXECUTED);
    EXECUTED.clear();
    return taken;
  }

  private static synchronized void executed(String sql) {
    if (Thread.currentThread() == watched && picked.test(sql)) {
      EXECUTED.add(sql.replaceAll("\\s+", " ").strip());
    }
  }

  /** Wraps the app's DataSource; {@code @Import} it into the test. */
  @TestConfiguration(proxyBeanMethods = false)
  public static class Counting {

    @Bean
    static BeanPostProcessor statementCounter() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
          return bean instanceof DataSource ds && !(bean instanceof CountingDataSource)
              ? new CountingDataSource(ds) : bean;
        }
      };
    }
  }

  private static final class CountingDataSource extends DelegatingDataSource {

    CountingDataSource(DataSource target) {
      super(target);
    }

    @Override
    public Connection getConnection() throws SQLException {
      return counting(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return counting(super.getConnection(username, password));
    }
  }

  private static Connection counting(Connection target) {
    return proxy(Connection.class, target, (method, args, result) -> {
      if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql) {
        return proxy(PreparedStatement.class, (PreparedStatement) result, (m, a, r) -> {
          if (m.getName().startsWith("execute")) {
            executed(sql);
          }
          return r;
        });
      }
      return result;
    });
  }

  /** What a wrapped object returns, given the target's result. */
  private interface After {
    Object apply(Method method, Object[] args, Object result) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, T target, After after) {
    InvocationHandler handler = (proxy, method, args) -> {
      switch (method.getName()) {
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        case "unwrap":
          if (((Class<?>) args[0]).isInstance(proxy)) {
            return proxy;
          }
          break;
        default:
          break;
      }
      try {
        return after.apply(method, args, method.invoke(target, args));
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return type.cast(Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] {type},
        handler));
  }
}
