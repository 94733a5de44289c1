//! How `palisade scan` delivers its reports: which format goes where
//! (`--format`/`--output` pairs), colors, the progress bar and the exit code.
//! The command (`scan_cmd.rs`) only parses arguments and calls these.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::finding::{ScanResult, Severity};
use crate::report::{self, Format};
use crate::scan::{Progress, ProgressHook};

/// Exit code: nothing found at or above the threshold (or `--soft-fail`).
pub(crate) const EXIT_OK: i32 = 0;
/// Exit code: findings at or above the threshold.
pub(crate) const EXIT_FINDINGS: i32 = 1;
/// Exit code: a file could not be scanned, or bad usage.
pub(crate) const EXIT_ERROR: i32 = 2;

/// One report to write: a format, to a file or (`None`) standard output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Target {
    pub format: Format,
    pub output: Option<PathBuf>,
}

/// Pairs `--format` and `--output` occurrences, given with their positions
/// on the command line, into the reports to write.
///
/// - No `--format`: one text report (to the `--output` file, if one is given).
/// - One `--format`: the `--output` file, if any, wherever it is written
///   (`-o out.json -f json` works like `-f json -o out.json`).
/// - Several: each `--output` applies to the `--format` just before it.
///
/// At most one report may go to standard output, a format takes at most one
/// `--output`, and two reports cannot share a file.
pub(crate) fn plan(
    formats: &[(usize, Format)],
    outputs: &[(usize, PathBuf)],
) -> Result<Vec<Target>, String> {
    let mut targets: Vec<Target> = if formats.is_empty() {
        vec![Target {
            format: Format::Text,
            output: None,
        }]
    } else {
        formats
            .iter()
            .map(|&(_, format)| Target {
                format,
                output: None,
            })
            .collect()
    };
    for (index, file) in outputs {
        let target = if targets.len() == 1 {
            0
        } else {
            match formats.iter().rposition(|(i, _)| i < index) {
                Some(t) => t,
                None => {
                    return Err(format!(
                        "--output {} comes before any --format; with several formats, \
                         each --output applies to the --format just before it",
                        file.display()
                    ))
                }
            }
        };
        let t = &mut targets[target];
        if let Some(previous) = &t.output {
            return Err(format!(
                "the {} report has two outputs ({} and {}); repeat --format to write it twice",
                t.format,
                previous.display(),
                file.display()
            ));
        }
        t.output = Some(file.clone());
    }
    let to_stdout: Vec<Format> = targets
        .iter()
        .filter(|t| t.output.is_none())
        .map(|t| t.format)
        .collect();
    if to_stdout.len() > 1 {
        let names: Vec<&str> = to_stdout.iter().map(|f| f.as_str()).collect();
        return Err(format!(
            "only one report can go to standard output, but {} would; \
             give all but one of them an --output FILE",
            names.join(" and ")
        ));
    }
    for (i, t) in targets.iter().enumerate() {
        if let Some(file) = &t.output {
            if targets[..i].iter().any(|o| o.output.as_ref() == Some(file)) {
                return Err(format!(
                    "two reports would be written to {}",
                    file.display()
                ));
            }
        }
    }
    Ok(targets)
}

/// Whether `--color auto` uses colors: never when `NO_COLOR` is set and not
/// empty; always when `CLICOLOR_FORCE` is set to anything but empty or `0`;
/// otherwise when the report goes to a terminal. `NO_COLOR` wins over
/// `CLICOLOR_FORCE`.
pub(crate) fn auto_color(
    to_terminal: bool,
    no_color: Option<&OsStr>,
    clicolor_force: Option<&OsStr>,
) -> bool {
    if no_color.is_some_and(|v| !v.is_empty()) {
        return false;
    }
    if clicolor_force.is_some_and(|v| !v.is_empty() && v != "0") {
        return true;
    }
    to_terminal
}

/// The exit code of a scan: 2 when a file could not be scanned (even with
/// `soft_fail`: the scan is incomplete, so a pass would not mean anything),
/// or, with `strict`, when there is a warning about the input; otherwise 1
/// when a finding is at or above `min` and `soft_fail` is off; otherwise 0.
/// Suppressed findings never count.
pub(crate) fn exit_code(
    result: &ScanResult,
    min: Option<Severity>,
    soft_fail: bool,
    strict: bool,
) -> i32 {
    let (errors, warnings) = report::error_counts(result);
    if errors > 0 || strict && warnings > 0 {
        EXIT_ERROR
    } else if !soft_fail && report::shown(result, min).next().is_some() {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// How long a scan runs before the progress bar appears.
pub(crate) const PROGRESS_DELAY: Duration = Duration::from_millis(200);

/// A progress bar on standard error counting the files parsed. It stays
/// hidden for the first [`PROGRESS_DELAY`], so quick scans print nothing.
pub(crate) struct ProgressBar {
    bar: indicatif::ProgressBar,
    started: Instant,
    delay: Duration,
    visible: AtomicBool,
}

impl ProgressBar {
    pub fn new() -> Arc<ProgressBar> {
        ProgressBar::with_delay(PROGRESS_DELAY)
    }

    /// A bar that appears once `delay` has passed.
    pub fn with_delay(delay: Duration) -> Arc<ProgressBar> {
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(0),
            indicatif::ProgressDrawTarget::hidden(),
        );
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{spinner} parsing {pos}/{len} files [{bar:30}] {elapsed} {msg}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        Arc::new(ProgressBar {
            bar,
            started: Instant::now(),
            delay,
            visible: AtomicBool::new(false),
        })
    }

    /// The hook to put in [`crate::scan::ScanOptions::progress`].
    pub fn hook(self: &Arc<ProgressBar>) -> ProgressHook {
        let me = Arc::clone(self);
        ProgressHook(Arc::new(move |event| me.update(event)))
    }

    fn update(&self, event: Progress) {
        match event {
            Progress::Discovered { files } => self.bar.set_length(files as u64),
            Progress::Parsed => {
                self.bar.inc(1);
                if self.bar.position() >= self.bar.length().unwrap_or(0) {
                    self.bar.set_message("checking");
                }
            }
        }
        if !self.visible.load(Ordering::Relaxed)
            && self.started.elapsed() >= self.delay
            && !self.visible.swap(true, Ordering::Relaxed)
        {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
            self.bar.enable_steady_tick(Duration::from_millis(100));
        }
    }

    /// Removes the bar from the terminal.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> PathBuf {
        PathBuf::from(s)
    }

    fn t(format: Format, output: Option<&str>) -> Target {
        Target {
            format,
            output: output.map(p),
        }
    }

    #[test]
    fn outputs_pair_with_the_format_before_them() {
        assert_eq!(plan(&[], &[]), Ok(vec![t(Format::Text, None)]));
        assert_eq!(
            plan(&[], &[(1, p("out.txt"))]),
            Ok(vec![t(Format::Text, Some("out.txt"))])
        );
        // One format: the output applies wherever it is.
        assert_eq!(
            plan(&[(3, Format::Json)], &[(1, p("out.json"))]),
            Ok(vec![t(Format::Json, Some("out.json"))])
        );
        assert_eq!(
            plan(
                &[(1, Format::Sarif), (5, Format::Text), (7, Format::Junit)],
                &[(3, p("a.sarif")), (9, p("junit.xml"))]
            ),
            Ok(vec![
                t(Format::Sarif, Some("a.sarif")),
                t(Format::Text, None),
                t(Format::Junit, Some("junit.xml")),
            ])
        );
    }

    #[test]
    fn ambiguous_plans_are_usage_errors() {
        let two_stdout = plan(&[(1, Format::Sarif), (3, Format::Text)], &[]).unwrap_err();
        assert_eq!(
            two_stdout,
            "only one report can go to standard output, but sarif and text would; \
             give all but one of them an --output FILE"
        );
        assert!(plan(
            &[(3, Format::Sarif), (5, Format::Text)],
            &[(1, p("a.sarif"))]
        )
        .unwrap_err()
        .starts_with("--output a.sarif comes before any --format"));
        assert!(plan(&[(1, Format::Json)], &[(3, p("a")), (5, p("b"))])
            .unwrap_err()
            .starts_with("the json report has two outputs (a and b)"));
        assert_eq!(
            plan(
                &[(1, Format::Json), (5, Format::Sarif)],
                &[(3, p("a")), (7, p("a"))]
            ),
            Err("two reports would be written to a".into())
        );
    }

    #[test]
    fn color_environment() {
        let s = |v: &'static str| Some(OsStr::new(v));
        assert!(auto_color(true, None, None));
        assert!(!auto_color(false, None, None));
        assert!(!auto_color(true, s("1"), None));
        assert!(auto_color(true, s(""), None), "empty NO_COLOR is unset");
        assert!(auto_color(false, None, s("1")));
        assert!(!auto_color(false, None, s("0")));
        assert!(!auto_color(false, None, s("")));
        assert!(!auto_color(false, s("1"), s("1")), "NO_COLOR wins");
    }

    #[test]
    fn exit_codes() {
        use crate::report::testutil;
        let mut result = testutil::result();
        assert_eq!(exit_code(&result, None, false, false), EXIT_ERROR);
        assert_eq!(exit_code(&result, None, true, false), EXIT_ERROR);
        result.errors.clear();
        assert_eq!(exit_code(&result, None, false, false), EXIT_FINDINGS);
        assert_eq!(
            exit_code(&result, Some(Severity::High), false, false),
            EXIT_FINDINGS
        );
        assert_eq!(
            exit_code(&result, Some(Severity::Critical), false, false),
            EXIT_OK
        );
        assert_eq!(exit_code(&result, None, true, false), EXIT_OK);
        assert_eq!(exit_code(&testutil::clean(), None, false, false), EXIT_OK);
        // Suppressed findings do not count.
        let mut suppressed = testutil::with_suppressed();
        suppressed.findings.clear();
        suppressed.errors.clear();
        assert_eq!(exit_code(&suppressed, None, false, false), EXIT_OK);
        // A warning about the input fails only a strict scan.
        let mut warned = testutil::clean();
        warned.errors.push(crate::finding::FileError {
            level: crate::finding::Level::Warning,
            kind: crate::finding::ErrorKind::Eval,
            path: "terraform.tfvars".into(),
            range: None,
            message: "no variable `x` is declared".into(),
        });
        assert_eq!(exit_code(&warned, None, false, false), EXIT_OK);
        assert_eq!(exit_code(&warned, None, true, true), EXIT_ERROR);
    }

    #[test]
    fn progress_bar_counts_parsed_files() {
        let bar = ProgressBar::with_delay(Duration::from_secs(3600));
        let hook = bar.hook();
        (hook.0)(Progress::Discovered { files: 2 });
        (hook.0)(Progress::Parsed);
        assert_eq!((bar.bar.position(), bar.bar.length()), (1, Some(2)));
        assert!(
            !bar.visible.load(Ordering::Relaxed),
            "hidden before the delay"
        );
        (hook.0)(Progress::Parsed);
        assert_eq!(bar.bar.message(), "checking");
        bar.finish();

        let bar = ProgressBar::with_delay(Duration::ZERO);
        (bar.hook().0)(Progress::Discovered { files: 1 });
        assert!(bar.visible.load(Ordering::Relaxed), "shown after the delay");
        bar.finish();
    }
}
