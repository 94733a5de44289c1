//! Shell completions and the manual page, generated from the clap definition
//! in `mod.rs` so that they cannot drift from the real command line.

use clap::{Args, CommandFactory};
use clap_complete::Shell;
use clap_mangen::Man;

use super::Cli;

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to generate the completion script for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

/// The completion script of `palisade` for `shell`.
pub(super) fn completions(shell: Shell) -> String {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "palisade", &mut out);
    String::from_utf8(out).expect("completion scripts are UTF-8")
}

/// The manual page `palisade(1)` in roff: the top-level page, then a
/// subsection per subcommand with its synopsis, description and options, and
/// the exit status.
pub(super) fn man_page() -> String {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();

    let man = Man::new(cmd.clone());
    let mut page = String::new();
    page.push_str(&render(|w| man.render_title(w)));
    // clap_mangen starts every rendered piece with the definition of the
    // apostrophe string; the page needs it once, right after the title.
    page.push_str(APOSTROPHE);
    page.push_str(&render(|w| man.render_name_section(w)));
    page.push_str(&render(|w| man.render_synopsis_section(w)));
    page.push_str(&render(|w| man.render_description_section(w)));
    page.push_str(&render(|w| man.render_options_section(w)));

    page.push_str(".SH COMMANDS\n");
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        command_section(sub, &mut page);
    }

    page.push_str(
        ".SH \"EXIT STATUS\"\n\
         .TP\n0\nNothing at or above the severity threshold was found.\n\
         .TP\n1\nFindings at or above the threshold.\n\
         .TP\n2\nBad usage, or a file could not be read or parsed \
         (the other files are still scanned and reported).\n",
    );
    page.push_str(&render(|w| man.render_version_section(w)));
    page
}

/// A subsection for `sub` (synopsis, description, options), then one for each
/// of its own subcommands (`palisade baseline write`).
fn command_section(sub: &clap::Command, page: &mut String) {
    let name = sub.get_bin_name().unwrap_or_else(|| sub.get_name());
    page.push_str(&format!(".SS \"{name}\"\n"));
    let man = Man::new(sub.clone());
    let sections = [
        render(|w| man.render_synopsis_section(w)),
        render(|w| man.render_description_section(w)),
        render(|w| man.render_options_section(w)),
    ];
    // The sections become paragraphs of the subcommand's subsection.
    for line in sections.iter().flat_map(|s| s.lines()) {
        if line.starts_with(".SH ") {
            page.push_str(".PP\n");
        } else {
            page.push_str(line);
            page.push('\n');
        }
    }
    for nested in sub.get_subcommands().filter(|s| !s.is_hide_set()) {
        command_section(nested, page);
    }
}

/// The roff definition of `\*(Aq` (a straight apostrophe) that clap_mangen
/// puts before everything it renders.
const APOSTROPHE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";

/// One piece of the manual page, without its copy of [`APOSTROPHE`].
fn render(f: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    f(&mut out).expect("write to a Vec");
    let text = String::from_utf8(out).expect("the manual page is UTF-8");
    text.replace(APOSTROPHE, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bash_completion_knows_scan_and_its_format_option() {
        let bash = completions(Shell::Bash);
        assert!(bash.starts_with("_palisade() {\n"), "{bash}");
        assert!(bash.contains("complete -F _palisade"), "{bash}");
        // The subcommand dispatch and the option list of `scan`.
        assert!(bash.contains("palisade,scan)\n"), "{bash}");
        // The case of `palisade scan`, up to the next subcommand's case.
        let scan = bash
            .split("        palisade__subcmd__scan)\n")
            .nth(1)
            .expect("a case for palisade scan");
        let scan = scan.split("        palisade__subcmd__").next().unwrap();
        let opts = scan
            .lines()
            .find_map(|l| l.trim().strip_prefix("opts=\"")?.strip_suffix('"'))
            .expect("scan's options");
        for opt in ["--format", "--output", "--severity", "--no-ignore", "-f"] {
            assert!(opts.split(' ').any(|o| o == opt), "{opt} in {opts}");
        }
        // `--format` completes to its values.
        let format = scan.split("--format)\n").nth(1).expect("--format case");
        let format = format.lines().next().unwrap().trim();
        assert_eq!(
            format,
            "COMPREPLY=($(compgen -W \"text compact json sarif junit github checkstyle markdown\" -- \"${cur}\"))"
        );
    }

    #[test]
    fn other_shells_generate_their_scripts() {
        assert!(completions(Shell::Zsh).starts_with("#compdef palisade\n"));
        let fish = completions(Shell::Fish);
        assert!(
            fish.lines()
                .any(|l| l.starts_with("complete -c palisade ") && l.contains(" -a \"scan\"")),
            "{fish}"
        );
        assert!(completions(Shell::PowerShell).contains("Register-ArgumentCompleter"));
        assert!(completions(Shell::Elvish).contains("edit:completion:arg-completer[palisade]"));
    }

    #[test]
    fn man_page_names_palisade_and_its_commands() {
        let man = man_page();
        let first = man.lines().next().unwrap();
        assert_eq!(
            first,
            format!(
                ".TH palisade 1  \"palisade {}\" ",
                env!("CARGO_PKG_VERSION")
            ),
            "{man}"
        );
        assert!(man.contains("\n.SH NAME\npalisade \\- "), "{man}");
        let commands: Vec<&str> = man.lines().filter_map(|l| l.strip_prefix(".SS ")).collect();
        assert_eq!(
            commands,
            [
                "\"palisade scan\"",
                "\"palisade fix\"",
                "\"palisade rules\"",
                "\"palisade explain\"",
                "\"palisade init\"",
                "\"palisade baseline\"",
                "\"palisade baseline write\"",
                "\"palisade completions\"",
                "\"palisade man\"",
                "\"palisade lsp\"",
                "\"palisade policy\"",
                "\"palisade policy test\"",
            ],
            "{man}"
        );
        assert!(man.contains("\n.SH \"EXIT STATUS\"\n"), "{man}");
        // scan's options are documented in its subsection.
        let scan = man.split(".SS \"palisade scan\"").nth(1).unwrap();
        let scan = scan.split(".SS ").next().unwrap();
        assert!(scan.contains("\\-\\-format"), "{scan}");
        assert!(scan.contains("\\-\\-severity"), "{scan}");
    }
}
