package dev.jobnet.converter;

import dev.jobnet.converter.authored.AuthoredBpmn;
import dev.jobnet.converter.authored.BpmnProcess;
import dev.jobnet.converter.authored.BpmnSource;
import dev.jobnet.converter.authored.CheckedBpmn;
import dev.jobnet.converter.bpmn.BpmnWriter;
import dev.jobnet.converter.check.GraphChecks;
import dev.jobnet.converter.check.KnownJobnets;
import dev.jobnet.converter.layout.Diagram;
import dev.jobnet.converter.layout.DiagramLayout;
import dev.jobnet.converter.model.Job;
import dev.jobnet.converter.model.JobnetBody;
import dev.jobnet.converter.model.JobnetSet;
import dev.jobnet.converter.model.Location;
import dev.jobnet.converter.model.RootJobnet;
import dev.jobnet.converter.plan.PlanBuilder;
import dev.jobnet.converter.plan.ProcessPlan;
import dev.jobnet.converter.schedule.BusinessCalendar;
import dev.jobnet.converter.yaml.DatesFile;
import dev.jobnet.converter.yaml.JobnetYamlReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The converter's entry point: validates jobnet YAML files as one set and converts each root jobnet to
 * BPMN with a laid-out diagram. Stateless and thread-safe.
 *
 * <pre>{@code
 * Validation v = converter.validate(List.of(SourceFile.read(path)));
 * if (v.isValid()) converter.convert(v.set()).forEach(c -> write(c.fileName(), c.bpmnXml()));
 * else v.findings().forEach(f -> System.err.println(f.format()));
 * }</pre>
 */
public final class JobnetConverter {

  /** Stack for the layout thread: ELK recurses along long chains of jobs. */
  public static final long LAYOUT_STACK_BYTES = 1L << 30;

  public Validation validate(List<SourceFile> files) {
    return validate(files, KnownJobnets.NONE);
  }

  /** Validates the files as one set; expansions may also name the {@code known} deployed roots. */
  public Validation validate(List<SourceFile> files, KnownJobnets known) {
    return validate(files, known, new Findings());
  }

  /** Reads the files (UTF-8) and validates them as one set; see {@link #validateFiles(List, KnownJobnets)}. */
  public Validation validateFiles(List<Path> paths) {
    return validateFiles(paths, KnownJobnets.NONE);
  }

  /**
   * Reads the files (UTF-8) and validates them as one set: {@code *.bpmn} files as BPMN, the others as
   * YAML. A file that cannot be read (missing, a directory, not UTF-8 text) is a
   * {@link FindingCode#FILE_UNREADABLE} finding; the other files are still checked.
   */
  public Validation validateFiles(List<Path> paths, KnownJobnets known) {
    Findings findings = new Findings();
    List<SourceFile> sources = new ArrayList<>();
    List<BpmnSource> bpmn = new ArrayList<>();
    for (Path path : paths) {
      if (path.toString().endsWith(".bpmn")) {
        bytes(path, findings).ifPresent(b -> bpmn.add(new BpmnSource(path.toString(), b)));
      } else {
        read(path, findings).ifPresent(sources::add);
      }
    }
    return validate(sources, bpmn, known, findings);
  }

  /**
   * Validates jobnet YAML and BPMN files (made or edited in Camunda Modeler) as one set: expansions
   * resolve across both kinds and the {@code deployed} roots, which a root of the set replaces.
   */
  public Validation validate(List<SourceFile> yaml, List<BpmnSource> bpmn, KnownJobnets deployed) {
    return validate(yaml, bpmn, deployed, new Findings());
  }

  private Validation validate(List<SourceFile> files, KnownJobnets known, Findings findings) {
    return validate(files, List.of(), known, findings);
  }

  private Validation validate(List<SourceFile> files, List<BpmnSource> bpmnSources, KnownJobnets deployed,
      Findings findings) {
    List<AuthoredBpmn.ReadBpmn> bpmn = AuthoredBpmn.read(bpmnSources, findings);
    Map<String, String> fileByProcess = new HashMap<>();
    Map<String, Set<String>> known = new HashMap<>(deployed.expansionsByRoot());
    for (AuthoredBpmn.ReadBpmn file : bpmn) {
      for (BpmnProcess process : file.processes()) {
        String other = fileByProcess.putIfAbsent(process.key(), file.name());
        if (other != null) {
          findings.add(FindingCode.DUPLICATE_ROOT_ID, process.location(), "process '" + process.key()
              + "' is also defined in " + other + "; one deployment cannot hold a process key twice");
        }
        // A process of the set replaces the deployed one of its key, jobnet or not.
        known.remove(process.key());
      }
    }
    known.putAll(AuthoredBpmn.jobnetRoots(bpmn));
    JobnetYamlReader reader = new JobnetYamlReader();
    List<RootJobnet> read = new ArrayList<>();
    Map<String, JobnetYamlReader.DefinedCalendar> calendars = new LinkedHashMap<>();
    Map<String, DatesFile> datesFiles = new HashMap<>();
    for (SourceFile file : files) {
      if (DatesFile.isDatesFile(file.name())) {
        DatesFile dates = DatesFile.read(file, findings);
        if (datesFiles.putIfAbsent(dates.name(), dates) != null) {
          findings.add(FindingCode.DUPLICATE_KEY, Location.ofFile(file.name()), "another file of the set is also"
              + " named " + dates.name() + "; calendars name their files of dates by name: rename one");
        }
      } else {
        read.addAll(reader.read(file, findings, calendars));
      }
    }
    List<RootJobnet> roots = withCalendars(read, withDatesFiles(calendars, datesFiles, findings), findings);
    new GraphChecks(findings).check(roots, new KnownJobnets(known));
    Map<String, Set<String>> all = new HashMap<>(known);
    for (RootJobnet root : roots) {
      String file = fileByProcess.get(root.id());
      if (file != null) {
        findings.add(FindingCode.DUPLICATE_ROOT_ID, root.location(), "root jobnet '" + root.id()
            + "' is also a process in " + file + "; rename one of them");
      }
      all.put(root.id(), expansions(root.body(), new LinkedHashSet<>()));
    }
    List<CheckedBpmn> checked = AuthoredBpmn.check(bpmn, all, findings);
    return new Validation(new JobnetSet(roots), findings.sorted(), checked);
  }

  /**
   * The calendars with the holidays of the files of dates they name; a file the set does not hold is
   * reported where it is named.
   */
  private static Map<String, JobnetYamlReader.DefinedCalendar> withDatesFiles(
      Map<String, JobnetYamlReader.DefinedCalendar> calendars, Map<String, DatesFile> datesFiles, Findings findings) {
    Map<String, JobnetYamlReader.DefinedCalendar> out = new LinkedHashMap<>();
    calendars.forEach((name, defined) -> {
      BusinessCalendar c = defined.calendar();
      TreeSet<LocalDate> holidays = new TreeSet<>(c.holidays());
      defined.datesFiles().forEach((file, at) -> {
        DatesFile dates = datesFiles.get(file);
        if (dates == null) {
          findings.add(FindingCode.INVALID_SCHEDULE, at, "calendar '" + name + "' takes its holidays from " + file
              + ", which is not a file of the set; validate and deploy it with the YAML"
              + Suggestions.didYouMean(file, datesFiles.keySet()));
        } else {
          holidays.addAll(dates.dates());
        }
      });
      out.put(name, new JobnetYamlReader.DefinedCalendar(new BusinessCalendar(c.name(), c.weekdays(), holidays),
          defined.at(), Map.of()));
    });
    return out;
  }

  /**
   * The roots with the business calendars their schedules name resolved over the whole set (a
   * calendar may be defined in another file of it); a name no file defines is reported.
   */
  private static List<RootJobnet> withCalendars(List<RootJobnet> roots,
      Map<String, JobnetYamlReader.DefinedCalendar> calendars, Findings findings) {
    List<RootJobnet> out = new ArrayList<>(roots.size());
    for (RootJobnet root : roots) {
      var spec = root.schedule().orElse(null);
      if (spec == null || spec.calendarName().isEmpty()) {
        out.add(root);
        continue;
      }
      String name = spec.calendarName().get();
      JobnetYamlReader.DefinedCalendar defined = calendars.get(name);
      if (defined == null) {
        findings.add(FindingCode.UNKNOWN_CALENDAR, spec.calendarAt(), "schedule of '" + root.id() + "' names calendar '"
            + name + "', which no file of the set defines under 'calendars:'"
            + Suggestions.didYouMean(name, calendars.keySet()));
        out.add(root);
      } else {
        out.add(root.withSchedule(spec.withCalendar(defined.calendar())));
      }
    }
    return out;
  }

  /** The root ids a jobnet body expands, also in its nested jobnets and finally. */
  private static Set<String> expansions(JobnetBody body, Set<String> into) {
    for (Job job : body.jobs()) {
      if (job.action() instanceof Job.Expand e) {
        into.add(e.root().id());
      } else if (job.action() instanceof Job.Nested n) {
        expansions(n.body(), into);
      }
    }
    body.finallyBody().ifPresent(f -> expansions(f, into));
    return into;
  }

  /** Converts a valid set; throws {@link InvalidJobnetException} when it has findings. */
  public List<ConvertedJobnet> convert(Validation validation) {
    if (!validation.isValid()) {
      throw new InvalidJobnetException(validation.findings());
    }
    return convert(validation.set());
  }

  /** Converts every root of a set that validated without findings, into strings. */
  public List<ConvertedJobnet> convert(JobnetSet set) {
    List<ConvertedJobnet> result = new ArrayList<>();
    convert(set, (rootId, expectedSize) -> new StringWriter(expectedSize) {
      @Override
      public void close() {
        result.add(new ConvertedJobnet(rootId, toString()));
      }
    });
    return result;
  }

  /**
   * Converts every root of a valid set, streaming each BPMN into a writer from {@code output} (closed
   * when the root is written): large jobnets never sit in memory as one string.
   */
  public void convert(JobnetSet set, BpmnOutput output) {
    onLargeStack(() -> {
      PlanBuilder plans = new PlanBuilder();
      DiagramLayout layout = new DiagramLayout();
      BpmnWriter writer = new BpmnWriter();
      for (RootJobnet root : set.roots()) {
        ProcessPlan plan = plans.build(root);
        Diagram diagram = layout.layout(plan.root());
        try (Writer out = output.open(root.id(), plan.root().deepNodeCount() * 1200 + 4096)) {
          writer.write(plan, diagram, out);
        }
      }
      return null;
    });
  }

  /** Where {@link #convert(JobnetSet, BpmnOutput)} writes each root's BPMN. */
  @FunctionalInterface
  public interface BpmnOutput {
    /** A writer for {@code <rootId>.bpmn}; {@code expectedSize} is a hint in characters. */
    Writer open(String rootId, int expectedSize) throws IOException;
  }

  /** The file as UTF-8 text, or empty with a FILE_UNREADABLE finding (at the first undecodable byte). */
  private static Optional<SourceFile> read(Path path, Findings findings) {
    String name = path.toString();
    Optional<byte[]> read = bytes(path, findings);
    if (read.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes = read.get();
    SourceDecoder.Decoded decoded = SourceDecoder.decode(name, bytes);
    if (decoded instanceof SourceDecoder.Unreadable u) {
      findings.add(u.finding().code(), u.finding().location(), u.finding().message());
      return Optional.empty();
    }
    return Optional.of(((SourceDecoder.Text) decoded).source());
  }

  /** The file's bytes, or empty with a FILE_UNREADABLE finding. */
  private static Optional<byte[]> bytes(Path path, Findings findings) {
    String name = path.toString();
    try {
      return Optional.of(Files.readAllBytes(path));
    } catch (NoSuchFileException e) {
      findings.add(FindingCode.FILE_UNREADABLE, Location.ofFile(name), "the file does not exist");
    } catch (AccessDeniedException e) {
      findings.add(FindingCode.FILE_UNREADABLE, Location.ofFile(name),
          "permission denied; make the file readable for the user who runs the converter");
    } catch (IOException e) {
      findings.add(FindingCode.FILE_UNREADABLE, Location.ofFile(name), "the file cannot be read: "
          + (e.getMessage() == null || e.getMessage().equals(name) ? e.getClass().getSimpleName() : e.getMessage()));
    }
    return Optional.empty();
  }

  private static <T> T onLargeStack(Callable<T> work) {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = new Thread(null, () -> {
      try {
        result.set(work.call());
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "jobnet-convert", LAYOUT_STACK_BYTES);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while converting", e);
    }
    Throwable e = failure.get();
    if (e instanceof IOException io) {
      throw new UncheckedIOException(io);
    }
    if (e instanceof RuntimeException re) {
      throw re;
    }
    if (e instanceof Error err) {
      throw err;
    }
    if (e != null) {
      throw new IllegalStateException(e);
    }
    return result.get();
  }
}
