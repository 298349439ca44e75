package dev.jobnet.engine.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.camunda.bpm.engine.impl.ProcessEngineImpl;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The cluster signal on PostgreSQL: {@code NOTIFY} on {@link #CHANNEL} with this node's id, and a
 * {@code LISTEN} on it that wakes this node's waiting long polls when another node's id arrives. Two
 * connections of its own, outside the pool: one listens, one sends (asynchronous commit: a signal
 * lost in a database crash only costs a long poll its timeout). Signals that come while one is being
 * sent are sent as one. A lost connection is made again after {@code reconnectAfter}; after a
 * reconnection the listener wakes this node's long polls once, for what it may have missed.
 */
public final class PostgresClusterSignal implements ClusterSignal, SmartLifecycle {

  /** The channel every node listens on and sends to. */
  public static final String CHANNEL = "jobnet_jobs_available";
  /** How long the listener waits for a notification before it looks at its connection again. */
  static final int LISTEN_WAIT_MILLIS = 5_000;
  /** A read on the signal's connections waits at most this long (a link that silently drops packets). */
  static final int SOCKET_TIMEOUT_SECONDS = 30;

  private static final Logger LOG = LoggerFactory.getLogger(PostgresClusterSignal.class);

  private final String url;
  private final String user;
  private final String password;
  private final Duration reconnectAfter;
  private final String nodeId = UUID.randomUUID().toString();
  private final Semaphore due = new Semaphore(0);
  private final AtomicBoolean pending = new AtomicBoolean();
  private volatile boolean running;
  private volatile boolean listening;
  /** The listener's connection while it has one: aborted on {@link #stop}, which a read in progress ignores. */
  private volatile Connection listenConnection;
  private Thread sender;
  private Thread listener;

  public PostgresClusterSignal(String url, String user, String password, Duration reconnectAfter) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.reconnectAfter = reconnectAfter;
  }

  /** This node's id in the signals it sends (random at each start). */
  public String nodeId() {
    return nodeId;
  }

  /** Whether the listener holds a connection with {@code LISTEN} done: other nodes' signals reach this one. */
  public boolean listening() {
    return listening;
  }

  @Override
  public void jobsAvailable() {
    if (pending.compareAndSet(false, true)) {
      due.release();
    }
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    sender = daemon("jobnet-cluster-send", this::sendLoop);
    listener = daemon("jobnet-cluster-listen", this::listenLoop);
    LOG.info("cluster wake-up on: jobs made available here wake the agents' long polls on every node of this"
        + " database, and theirs here (PostgreSQL channel {}, node {})", CHANNEL, nodeId);
  }

  @Override
  public synchronized void stop() {
    running = false;
    Connection listening = listenConnection;
    if (listening != null) {
      try {
        listening.abort(Runnable::run);
      } catch (SQLException e) {
        // closed already
      }
    }
    for (Thread t : new Thread[] {sender, listener}) {
      if (t != null) {
        t.interrupt();
      }
    }
    for (Thread t : new Thread[] {sender, listener}) {
      if (t != null) {
        try {
          t.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void sendLoop() {
    Connection connection = null;
    boolean failing = false;
    while (running) {
      try {
        due.acquire();
      } catch (InterruptedException e) {
        break;
      }
      pending.set(false);
      try {
        if (connection == null) {
          connection = connect();
          try (Statement s = connection.createStatement()) {
            s.execute("SET synchronous_commit TO off");
          }
        }
        try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
          notify.setString(1, CHANNEL);
          notify.setString(2, nodeId);
          notify.execute();
        }
        if (failing) {
          LOG.info("cluster wake-up: signals reach the database again");
          failing = false;
        }
      } catch (SQLException e) {
        close(connection);
        connection = null;
        if (!failing) {
          LOG.warn("cluster wake-up: cannot tell the other nodes of new jobs ({}); their agents' long polls answer"
              + " at their timeout until the database answers again", e.getMessage());
          failing = true;
        }
        if (!pause()) {
          break;
        }
        jobsAvailable(); // the signal that failed goes out once the database answers
      }
    }
    close(connection);
  }

  private void listenLoop() {
    boolean lostBefore = false;
    boolean failing = false;
    while (running) {
      try (Connection connection = connect()) {
        listenConnection = connection;
        if (!running) {
          break;
        }
        try (Statement s = connection.createStatement()) {
          s.execute("LISTEN " + CHANNEL);
        }
        listening = true;
        if (failing) {
          LOG.info("cluster wake-up: listening again");
          failing = false;
        }
        if (lostBefore) {
          // what other nodes made available while this one was not listening
          ProcessEngineImpl.EXT_TASK_CONDITIONS.signalAll();
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] heard = pg.getNotifications(LISTEN_WAIT_MILLIS);
          if (heard == null || heard.length == 0) {
            try (Statement s = connection.createStatement()) {
              s.execute("SELECT 1"); // a broken link shows here, not in the wait
            }
            continue;
          }
          for (PGNotification n : heard) {
            if (!nodeId.equals(n.getParameter())) {
              ProcessEngineImpl.EXT_TASK_CONDITIONS.signalAll();
              break;
            }
          }
        }
      } catch (SQLException e) {
        listening = false;
        listenConnection = null;
        lostBefore = true;
        if (running && !failing) {
          LOG.warn("cluster wake-up: not listening to the other nodes ({}); jobs they make available reach the"
              + " agents here at their long polls' timeout until the database answers again", e.getMessage());
          failing = true;
        }
        if (!pause()) {
          break;
        }
      }
    }
    listening = false;
    listenConnection = null;
  }

  private Connection connect() throws SQLException {
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
    props.setProperty("connectTimeout", "10");
    props.setProperty("tcpKeepAlive", "true");
    props.setProperty("ApplicationName", "jobnet cluster wake-up");
    Connection c = DriverManager.getConnection(url, props);
    c.setAutoCommit(true);
    return c;
  }

  /** Waits before the next connection attempt; false when stopping. */
  private boolean pause() {
    try {
      Thread.sleep(reconnectAfter.toMillis());
      return running;
    } catch (InterruptedException e) {
      return false;
    }
  }

  private static void close(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // already broken
      }
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
