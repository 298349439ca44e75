package dev.jobnet.converter.engine;

/** Jobnets shared by the engine tests. */
final class FeatureJobnets {

  private FeatureJobnets() {}

  /**
   * One set that uses every feature of the YAML at once: defaults, a schedule, several start and end
   * jobs, forks and joins, a nested jobnet with its own finally, a root finally, expansions (one of them
   * inside a nested jobnet, two roots expanding the same one), every job setting, Japanese names and
   * commands with characters XML must escape.
   */
  static final String EVERYTHING = """
      version: 1
      defaults:
        server: batch-1
        retry: { retries: 2, backoff: 5s, factor: 3, maxBackoff: 1m, jitter: 0 }
        timeout: 1h
      jobnets:
        nightly-import:
          name: 夜間取込
          schedule: "0 0 2 ? * MON-FRI"
          env: { LANG: ja_JP.UTF-8 }
          jobs:
            extract-a:   { name: 抽出A, run: "/opt/batch/extract.sh --src a > /tmp/a.out 2>&1", next: [transform] }
            extract-b:   { name: 抽出B, run: "/opt/batch/extract.sh --src 'b' && echo \\"done\\"", next: [transform, audit] }
            transform:   { run: /opt/batch/transform.sh, server: batch-2, timeout: 30m, next: load }
            audit:       { run: /opt/batch/audit.sh, retry: 0 }
            load:
              run: /opt/batch/load.sh
              retry: { retries: 7, backoff: 1m, factor: 1.5, maxBackoff: 20m, jitter: 0.3 }
              workdir: /var/batch/load
              env: { TZ: Asia/Tokyo, EMPTY: "" }
              next: [archive, monthly]
            archive:
              name: 保管
              jobnet:
                server: uploader
                jobs:
                  pack:   { run: /opt/batch/pack.sh, next: [upload, verify] }
                  upload: { run: /opt/batch/upload.sh }
                  verify: { run: /opt/batch/verify.sh, server: batch-1 }
                finally:
                  jobs:
                    seal: { run: /opt/batch/seal.sh }
                    again:
                      jobnet:
                        jobs:
                          report: { expand: shared-report }
            monthly: { name: 月次, expand: monthly-report }
          finally:
            jobs:
              cleanup: { run: /opt/batch/cleanup.sh, timeout: 5m }
              notify:  { run: "/opt/batch/notify.sh <admins@example.com>" }
        monthly-report:
          name: 月次レポート
          jobs:
            prepare: { run: /opt/batch/prepare.sh }
            shared:  { expand: shared-report }
        shared-report:
          jobs:
            report: { run: /opt/batch/report.sh, server: reporting }
      """;
}
