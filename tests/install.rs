//! `rx completions`, `rx man` and the help text: what a packaged install
//! gives a shell.

use crate::support::Test;

/// Every command a user can type, from rx's own definitions, so a new
/// command is held to the rules below without touching this file.
fn commands() -> Vec<String> {
    use clap::CommandFactory;
    let mut names: Vec<String> = rx::cli::Args::command()
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    names.push("help".to_owned());
    names
}

fn output(args: &[&str]) -> String {
    Test::new()
        .args(args)
        .status(0)
        .stdout_satisfies("is not empty", |s| !s.trim().is_empty())
        .run()
        .stdout
}

#[test]
fn completions_name_every_command_in_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = output(&["completions", shell]);
        for command in &commands() {
            assert!(
                script.contains(command),
                "{shell} completions lack `{command}`:\n{script}"
            );
        }
        // Options of a command complete too.
        assert!(
            script.contains("deny-warnings"),
            "{shell}: no --deny-warnings"
        );
    }
}

/// The bash script parses (`bash -n`) and, sourced, completes a command,
/// an option of it and a value: what bash does on Tab.
#[cfg(unix)]
#[test]
fn bash_completion_script_is_valid_bash_and_completes() {
    let test = Test::new()
        .args(&["completions", "bash"])
        .status(0)
        .stdout_contains("complete -F");
    let script = test.run().stdout;
    let path = test.path("rx.bash");
    std::fs::write(&path, script).expect("write the script");
    let bash = |args: &[&str]| {
        let out = std::process::Command::new("bash")
            .args(args)
            .output()
            .expect("bash runs");
        assert!(
            out.status.success(),
            "bash {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    bash(&["-n", path.to_str().expect("a UTF-8 temp path")]);
    // `_rx COMMAND CURRENT PREVIOUS`, as bash calls it, with COMP_WORDS set.
    let tab = |words: &str, current: &str, previous: &str| {
        let script = format!(
            "source \"$1\"; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); \
             _rx rx '{current}' '{previous}'; echo \"${{COMPREPLY[*]}}\""
        );
        bash(&[
            "-c",
            &script,
            "bash",
            path.to_str().expect("a UTF-8 temp path"),
        ])
    };
    assert_eq!(tab("rx bu", "bu", "rx"), "build\n");
    assert_eq!(tab("rx build --pa", "--pa", "build"), "--paper\n");
    assert!(
        tab("rx completions ''", "", "completions").contains("bash elvish fish powershell zsh"),
        "no shells offered"
    );
}

#[test]
fn unknown_shell_is_a_usage_error() {
    Test::new()
        .args(&["completions", "cmd"])
        .status(2)
        .stderr_contains("invalid value 'cmd' for '<SHELL>'")
        .run();
}

/// The shells complete what rx reads by name: every built-in exercise id
/// (for `--exercise` and `rx catalogue ID`), every starter routine, every
/// sheet language's code, each paper size; the options still accept any
/// name (an alias, a clinic's exercise, `--language Spanish`).
/// Whether `word` stands in `text` as a whole word (an id's own letters,
/// digits and hyphens do not go on around it).
fn has_word(text: &str, word: &str) -> bool {
    let part = |c: char| c.is_ascii_alphanumeric() || c == '-';
    text.match_indices(word).any(|(at, _)| {
        !text[..at].chars().next_back().is_some_and(part)
            && !text[at + word.len()..].chars().next().is_some_and(part)
    })
}

#[test]
fn completions_offer_the_catalogues_exercises_routines_and_languages() {
    let catalogue = rx::catalogue::builtin().expect("the built-in catalogue");
    let mut words: Vec<String> = catalogue.entries().iter().map(|e| e.id.clone()).collect();
    words.extend(catalogue.routines().iter().map(|r| r.id.clone()));
    words.extend(rx::lang::Language::all().map(|l| l.code().to_owned()));
    words.extend(["letter".to_owned(), "a4".to_owned()]);
    for shell in ["bash", "zsh", "fish"] {
        let script = output(&["completions", shell]);
        for word in &words {
            assert!(has_word(&script, word), "{shell} completions lack {word:?}");
        }
    }
    // Free text is still read: an alias and a language's name.
    Test::new()
        .args(&[
            "new",
            "-",
            "--exercise",
            "bird dog",
            "--routine",
            "nhs strength",
        ])
        .status(0)
        .stdout_contains("name = \"sit-to-stand\"")
        .stdout_contains("name = \"bird-dog\"")
        .run();
}

#[test]
fn man_page_has_a_title_the_commands_and_the_exit_codes() {
    let page = output(&["man"]);
    assert!(page.contains("\n.TH rx 1 "), "no .TH line:\n{page}");
    assert!(page.contains(".SH SUBCOMMANDS"), "no command list:\n{page}");
    for command in &commands() {
        assert!(
            page.contains(&format!("rx\\-{command}(1)")),
            "the page lacks `{command}`:\n{page}"
        );
    }
    assert!(page.contains("Exit codes:"), "no exit codes:\n{page}");
}

#[test]
fn man_page_of_one_command() {
    let page = output(&["man", "build"]);
    assert!(page.contains(".TH rx-build 1 "), "no .TH line:\n{page}");
    assert!(page.contains("\\-\\-paper"), "no --paper option:\n{page}");
    Test::new()
        .args(&["man", "bild"])
        .status(2)
        .stderr_starts_with("rx: error: unknown command \"bild\"; commands: build, check,")
        .run();
}

/// The exit-code table is in `rx --help` only, not repeated in
/// every command's help.
#[test]
fn exit_codes_only_in_the_top_level_help() {
    let top = output(&["--help"]);
    assert!(
        top.contains("Exit codes:\n  0  every plan is valid"),
        "{top}"
    );
    assert_eq!(top.matches("Exit codes:").count(), 1, "{top}");
    for command in &commands() {
        let help = output(&[command, "--help"]);
        assert!(
            !help.contains("Exit codes"),
            "`rx {command} --help` repeats the exit codes:\n{help}"
        );
        assert_eq!(output(&["help", command]), help, "rx help {command}");
    }
}

/// Completions and the man page need no catalogue, so a broken
/// `--catalogue` (from a shell alias, say) does not stop them; the schema
/// is built from the catalogue, so it does.
#[test]
fn only_the_schema_needs_the_catalogue() {
    Test::new()
        .args(&["--catalogue", "missing.toml", "completions", "bash"])
        .status(0)
        .stdout_contains("complete -F")
        .run();
    Test::new()
        .args(&["--catalogue", "missing.toml", "man"])
        .status(0)
        .stdout_contains(".TH rx 1 ")
        .run();
    Test::new()
        .args(&["--catalogue", "missing.toml", "schema"])
        .status(2)
        .stderr_starts_with("rx: error: cannot read missing.toml")
        .run();
}
