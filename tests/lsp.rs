//! `palisade lsp` end to end: the built binary is driven over its standard
//! input and output with real JSON-RPC framing, as an editor would.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_secs(30);

struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    next_id: i64,
    /// Messages received while waiting for something else.
    stash: Vec<Value>,
}

impl Server {
    fn start() -> Server {
        Server::start_with(&["lsp"])
    }

    fn start_with(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_palisade"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start palisade lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut out = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if out.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    let (name, value) = line.split_once(':').expect("a header");
                    assert_eq!(name, "Content-Length");
                    length = Some(value.trim().parse::<usize>().unwrap());
                }
                let mut body = vec![0; length.expect("Content-Length")];
                out.read_exact(&mut body).unwrap();
                let value: Value = serde_json::from_slice(&body).expect("JSON from the server");
                assert_eq!(value["jsonrpc"], "2.0");
                if tx.send(value).is_err() {
                    return;
                }
            }
        });
        Server {
            child,
            stdin: Some(stdin),
            rx,
            next_id: 0,
            stash: Vec::new(),
        }
    }

    fn send_raw(&mut self, body: &[u8]) {
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(body);
        self.write(&frame);
    }

    fn write(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("input open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, value: Value) {
        self.send_raw(value.to_string().as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn next_message(&mut self) -> Value {
        self.rx
            .recv_timeout(TIMEOUT)
            .expect("a message from the server within the timeout")
    }

    /// Sends a request and returns the whole response; notifications that
    /// arrive first are kept for later.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.response(json!(id))
    }

    fn response(&mut self, id: Value) -> Value {
        loop {
            let m = self.next_message();
            if m.get("method").is_none() && m["id"] == id {
                return m;
            }
            self.stash.push(m);
        }
    }

    /// The next message with this method (and this uri, when given).
    fn next_notification(&mut self, method: &str, uri: Option<&str>) -> Value {
        let hit = |m: &Value| m["method"] == method && uri.is_none_or(|u| m["params"]["uri"] == u);
        if let Some(i) = self.stash.iter().position(hit) {
            return self.stash.remove(i);
        }
        loop {
            let m = self.next_message();
            if hit(&m) {
                return m;
            }
            self.stash.push(m);
        }
    }

    /// The next diagnostics published for `uri`, as `CODE line:col-line:col
    /// severity` lines.
    fn diagnostics(&mut self, uri: &str) -> Vec<String> {
        let m = self.next_notification("textDocument/publishDiagnostics", Some(uri));
        summary(&m["params"]["diagnostics"])
    }

    /// Whether diagnostics for `uri` were published before now (a round trip
    /// through the server proves that everything before it was handled).
    fn published(&mut self, uri: &str) -> bool {
        self.request(
            "textDocument/hover",
            hover_params("file:///nowhere.tf", 0, 0),
        );
        self.stash
            .iter()
            .any(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
    }

    fn initialize(&mut self, options: Value) -> Value {
        let r = self.request(
            "initialize",
            json!({ "processId": null, "capabilities": {}, "initializationOptions": options }),
        );
        self.notify("initialized", json!({}));
        r
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri, "languageId": language, "version": 1, "text": text,
            }}),
        );
    }

    fn close(&mut self, uri: &str) {
        self.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
    }

    /// Sends the edits as an incremental change, as a client applying a
    /// workspace edit does.
    fn change(&mut self, uri: &str, version: i32, edits: &[Value]) {
        let changes: Vec<Value> = edits
            .iter()
            .map(|e| json!({ "range": e["range"], "text": e["newText"] }))
            .collect();
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": changes,
            }),
        );
    }

    /// Shuts down and exits; returns the exit code.
    fn finish(mut self) -> i32 {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null);
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        self.wait()
    }

    fn wait(mut self) -> i32 {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().expect("an exit code");
            }
            if started.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!("the server did not exit");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn summary(diagnostics: &Value) -> Vec<String> {
    diagnostics
        .as_array()
        .expect("a diagnostics array")
        .iter()
        .map(|d| {
            let r = &d["range"];
            assert_eq!(d["source"], "palisade");
            format!(
                "{} {}:{}-{}:{} {}",
                d["code"].as_str().unwrap_or("-"),
                r["start"]["line"],
                r["start"]["character"],
                r["end"]["line"],
                r["end"]["character"],
                d["severity"]
            )
        })
        .collect()
}

fn hover_params(uri: &str, line: u32, character: u32) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } })
}

fn action_params(uri: &str, line: u32, character: u32) -> Value {
    let pos = json!({ "line": line, "character": character });
    json!({
        "textDocument": { "uri": uri },
        "range": { "start": pos, "end": pos },
        "context": { "diagnostics": [] },
    })
}

/// The byte offset of an LSP position (UTF-16 columns), computed here
/// independently of the server's own conversion.
fn offset(text: &str, line: u64, character: u64) -> usize {
    let mut at = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i as u64 == line {
            let mut units = 0;
            for (b, c) in l.char_indices() {
                if units >= character || c == '\n' {
                    return at + b;
                }
                units += c.len_utf16() as u64;
            }
            return at + l.len();
        }
        at += l.len();
    }
    text.len()
}

/// Applies a code action's text edits for `uri` to `text`.
fn apply(text: &str, action: &Value, uri: &str) -> String {
    let edits = action["edit"]["changes"][uri].as_array().expect("edits");
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            let r = &e["range"];
            let pos = |p: &Value| {
                offset(
                    text,
                    p["line"].as_u64().unwrap(),
                    p["character"].as_u64().unwrap(),
                )
            };
            (
                pos(&r["start"]),
                pos(&r["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort();
    let mut out = text.to_string();
    for (start, end, new) in spans.into_iter().rev() {
        out.replace_range(start..end, new);
    }
    out
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

const MAIN_TF: &str = "\
# Données chiffrées 😀
resource \"aws_ebs_volume\" \"data\" {
  availability_zone = \"eu-west-1a\"
  encrypted         = var.encrypt
}

resource \"aws_cloudtrail\" \"trail\" {
  name                       = \"é😀\"
  enable_log_file_validation = false
  is_multi_region_trail      = true
  kms_key_id                 = \"alias/trail\"
  cloud_watch_logs_group_arn = \"arn:aws:logs:eu-west-1:111122223333:log-group:trail:*\"
  cloud_watch_logs_role_arn  = \"arn:aws:iam::111122223333:role/trail-logs\"
}
";

const VARIABLES_TF: &str = "variable \"encrypt\" {\n  default = false\n}\n";

/// A module directory: `main.tf` (opened by the tests) and `variables.tf`.
fn module() -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), MAIN_TF).unwrap();
    std::fs::write(dir.path().join("variables.tf"), VARIABLES_TF).unwrap();
    let main = uri(&dir.path().join("main.tf"));
    let vars = uri(&dir.path().join("variables.tf"));
    (dir, main, vars)
}

#[test]
fn initialize_advertises_capabilities() {
    // `--stdio`, which some clients always pass, is accepted.
    let mut s = Server::start_with(&["lsp", "--stdio"]);
    let r = s.initialize(json!({}));
    let caps = &r["result"]["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(
        caps["textDocumentSync"],
        json!({ "openClose": true, "change": 2, "save": { "includeText": false } })
    );
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(
        caps["codeActionProvider"],
        json!({ "codeActionKinds": ["quickfix"] })
    );
    assert_eq!(r["result"]["serverInfo"]["name"], "palisade");
    assert_eq!(s.finish(), 0);
}

#[test]
fn diagnostics_follow_the_module_and_unsaved_edits() {
    let (dir, main, vars) = module();
    let mut s = Server::start();
    s.initialize(json!({ "debounceMs": 20 }));
    s.open(&main, "terraform", MAIN_TF);
    let m = s.next_notification("textDocument/publishDiagnostics", Some(&main));
    assert_eq!(m["params"]["version"], 1);
    let diags = &m["params"]["diagnostics"];
    // `var.encrypt` is false through variables.tf, read from disk; the
    // columns after "é😀" count UTF-16 units.
    assert_eq!(
        summary(diags),
        ["AWS-EBS-001 3:22-3:33 1", "AWS-CT-001 8:31-8:36 2"]
    );
    assert_eq!(
        diags[0]["message"],
        "EBS volume aws_ebs_volume.data sets encryption to false, the default of variable `encrypt`"
    );
    // The value's trail: where it is written (the line to change), then the
    // attribute that uses it.
    let range = |l: u32, c: u32, l2: u32, c2: u32| json!({ "start": { "line": l, "character": c }, "end": { "line": l2, "character": c2 } });
    assert_eq!(
        diags[0]["relatedInformation"],
        json!([
            {
                "location": { "uri": vars, "range": range(1, 12, 1, 17) },
                "message": "from the default of variable `encrypt`"
            },
            {
                "location": { "uri": main, "range": range(3, 22, 3, 33) },
                "message": "used by aws_ebs_volume.data"
            }
        ])
    );
    assert!(diags[1].get("relatedInformation").is_none());
    assert_eq!(
        diags[1]["codeDescription"]["href"],
        "https://github.com/palisade-iac/palisade/blob/main/rules/cloudtrail/cloudtrail-log-validation-disabled.md"
    );

    // An unsaved buffer of variables.tf is what the module sees.
    s.open(&vars, "terraform", &VARIABLES_TF.replace("false", "true"));
    let mut both = [s.diagnostics(&main), s.diagnostics(&vars)];
    both.sort();
    assert_eq!(both, [vec![], vec!["AWS-CT-001 8:31-8:36 2".to_string()]]);

    // Closing it reads the file from disk again.
    s.close(&vars);
    assert_eq!(
        s.diagnostics(&main),
        ["AWS-EBS-001 3:22-3:33 1", "AWS-CT-001 8:31-8:36 2"]
    );

    // A file of the module changes on disk.
    let disk_vars = dir.path().join("variables.tf");
    std::fs::write(&disk_vars, VARIABLES_TF.replace("false", "true")).unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": vars, "type": 2 }] }),
    );
    assert_eq!(s.diagnostics(&main), ["AWS-CT-001 8:31-8:36 2"]);
    std::fs::write(&disk_vars, VARIABLES_TF).unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": vars, "type": 2 }] }),
    );
    assert_eq!(s.diagnostics(&main).len(), 2);

    // A new buffer, not saved yet, is checked with the module on disk.
    let new = uri(&dir.path().join("new.tf"));
    s.open(
        &new,
        "terraform",
        "resource \"aws_ebs_volume\" \"n\" {\n  encrypted = var.encrypt\n}\n",
    );
    assert_eq!(s.diagnostics(&new), ["AWS-EBS-001 1:14-1:25 1"]);
    assert_eq!(s.diagnostics(&main).len(), 2);
    s.close(&new);
    assert_eq!(s.diagnostics(&new), Vec::<String>::new());
    assert_eq!(s.diagnostics(&main).len(), 2);

    // An edit before the finding moves it; an edit that fixes it clears it.
    s.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": main, "version": 2 },
            "contentChanges": [{
                "range": { "start": { "line": 0, "character": 2 }, "end": { "line": 0, "character": 2 } },
                "text": "€€\n# ",
            }],
        }),
    );
    let m = s.next_notification("textDocument/publishDiagnostics", Some(&main));
    assert_eq!(m["params"]["version"], 2);
    assert_eq!(
        summary(&m["params"]["diagnostics"]),
        ["AWS-EBS-001 4:22-4:33 1", "AWS-CT-001 9:31-9:36 2"]
    );
    s.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": main, "version": 3 },
            "contentChanges": [{ "text": MAIN_TF.replace("var.encrypt", "true").replace("= false", "= true") }],
        }),
    );
    assert_eq!(s.diagnostics(&main), Vec::<String>::new());

    s.close(&main);
    assert!(!s.published(&main), "nothing to clear for a clean file");
    assert_eq!(s.finish(), 0);
}

#[test]
fn changes_are_checked_after_the_debounce_delay() {
    let (_dir, main, _) = module();
    let mut s = Server::start();
    s.initialize(json!({ "debounceMs": 400 }));
    s.open(&main, "terraform", MAIN_TF);
    assert_eq!(s.diagnostics(&main).len(), 2);
    let sent = Instant::now();
    for version in 2..5 {
        s.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": main, "version": version },
                "contentChanges": [{ "text": MAIN_TF.replace("= false", "= true") }],
            }),
        );
    }
    let m = s.next_notification("textDocument/publishDiagnostics", Some(&main));
    assert!(sent.elapsed() >= Duration::from_millis(400));
    // One check, of the last version.
    assert_eq!(m["params"]["version"], 4);
    assert_eq!(
        summary(&m["params"]["diagnostics"]),
        ["AWS-EBS-001 3:22-3:33 1"]
    );
    assert!(!s.published(&main));
    assert_eq!(s.finish(), 0);
}

#[test]
fn hover_shows_the_rule_documentation() {
    let (_dir, main, _) = module();
    let mut s = Server::start();
    s.initialize(json!({}));
    s.open(&main, "terraform", MAIN_TF);
    s.diagnostics(&main);
    let r = s.request("textDocument/hover", hover_params(&main, 8, 33));
    let rule = palisade::rules::find("AWS-CT-001").unwrap();
    assert_eq!(
        r["result"]["contents"],
        json!({
            "kind": "markdown",
            "value": format!(
                "**AWS-CT-001** `cloudtrail-log-validation-disabled` (medium)\n\n\
                 CloudTrail log file integrity validation is disabled\n\n{}\n\n\
                 [Documentation](https://github.com/palisade-iac/palisade/blob/main/rules/cloudtrail/cloudtrail-log-validation-disabled.md)",
                rule.doc.trim()
            ),
        })
    );
    assert!(rule.doc.contains("## How to fix"));
    assert_eq!(
        r["result"]["range"],
        json!({ "start": { "line": 8, "character": 31 }, "end": { "line": 8, "character": 36 } })
    );
    // Outside any finding: nothing.
    let r = s.request("textDocument/hover", hover_params(&main, 2, 4));
    assert_eq!(r["result"], Value::Null);
    assert_eq!(s.finish(), 0);
}

#[test]
fn code_actions_fix_or_suppress_the_finding() {
    let (_dir, main, _) = module();
    let mut s = Server::start();
    s.initialize(json!({ "debounceMs": 0 }));
    s.open(&main, "terraform", MAIN_TF);
    s.diagnostics(&main);

    let r = s.request("textDocument/codeAction", action_params(&main, 8, 31));
    let actions = r["result"].as_array().unwrap().clone();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Set enable_log_file_validation = true",
            "Suppress AWS-CT-001 with a reason"
        ]
    );
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[0]["isPreferred"], true);
    assert_eq!(actions[0]["diagnostics"][0]["code"], "AWS-CT-001");

    // The fix, applied by the client as an incremental change.
    let fixed = apply(MAIN_TF, &actions[0], &main);
    assert_eq!(
        fixed,
        MAIN_TF.replace(
            "enable_log_file_validation = false",
            "enable_log_file_validation = true"
        )
    );
    s.change(
        &main,
        2,
        actions[0]["edit"]["changes"][&main].as_array().unwrap(),
    );
    assert_eq!(s.diagnostics(&main), ["AWS-EBS-001 3:22-3:33 1"]);
    // The file as edited, opened afresh, is clean of that rule.
    s.close(&main);
    assert_eq!(
        s.diagnostics(&main),
        Vec::<String>::new(),
        "cleared on close"
    );
    s.open(&main, "terraform", &fixed);
    assert_eq!(s.diagnostics(&main), ["AWS-EBS-001 3:22-3:33 1"]);

    // The EBS finding is on a variable: no fix is guessed, only suppression.
    let r = s.request("textDocument/codeAction", action_params(&main, 3, 25));
    let actions = r["result"].as_array().unwrap().clone();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Suppress AWS-EBS-001 with a reason"]);
    // The editor writes no reason for the user: the comment has none, and
    // until one is written the suppression is reported and not applied.
    let suppressed = apply(&fixed, &actions[0], &main);
    assert_eq!(
        suppressed,
        fixed.replace(
            "  encrypted ",
            "  # palisade:ignore:AWS-EBS-001\n  encrypted "
        )
    );
    s.close(&main);
    s.diagnostics(&main);
    s.open(&main, "terraform", &suppressed);
    assert_eq!(
        s.diagnostics(&main),
        ["PAL-002 3:2-3:31 3", "AWS-EBS-001 4:22-4:33 1"]
    );
    let reasoned = suppressed.replace(
        "AWS-EBS-001\n",
        "AWS-EBS-001 scratch volume, wiped nightly\n",
    );
    s.close(&main);
    s.diagnostics(&main);
    s.open(&main, "terraform", &reasoned);
    assert_eq!(s.diagnostics(&main), Vec::<String>::new());
    assert_eq!(s.finish(), 0);
}

#[test]
fn suppression_is_a_snippet_for_clients_that_take_them() {
    let (_dir, main, _) = module();
    let mut s = Server::start();
    s.request(
        "initialize",
        json!({
            "processId": null,
            "capabilities": { "experimental": { "snippetTextEdit": true } },
            "initializationOptions": { "debounceMs": 0 },
        }),
    );
    s.notify("initialized", json!({}));
    s.open(&main, "terraform", MAIN_TF);
    s.diagnostics(&main);
    let r = s.request("textDocument/codeAction", action_params(&main, 8, 31));
    let actions = r["result"].as_array().unwrap();
    assert_eq!(actions.len(), 2);
    // The fix is a plain edit; the suppression a snippet whose `$0` puts
    // the cursor where the reason goes.
    assert!(actions[0]["edit"]["changes"][&main].is_array());
    assert_eq!(
        actions[1]["edit"],
        json!({ "documentChanges": [{
            "textDocument": { "uri": main, "version": 1 },
            "edits": [{
                "range": {
                    "start": { "line": 8, "character": 0 },
                    "end": { "line": 8, "character": 0 },
                },
                "newText": "  # palisade:ignore:AWS-CT-001 $0\n",
                "insertTextFormat": 2,
            }],
        }]})
    );
    assert_eq!(s.finish(), 0);
}

#[test]
fn missing_attribute_is_inserted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("efs.tf");
    let text = "resource \"aws_efs_file_system\" \"fs\" {\n  creation_token = \"é\"\n}\n";
    std::fs::write(&path, text).unwrap();
    let main = uri(&path);
    let mut s = Server::start();
    s.initialize(json!({}));
    s.open(&main, "terraform", text);
    assert_eq!(s.diagnostics(&main), ["AWS-EFS-001 0:0-0:35 1"]);
    let r = s.request("textDocument/codeAction", action_params(&main, 0, 10));
    let action = &r["result"][0];
    assert_eq!(
        action["title"],
        "Set encrypted = true (replaces an existing resource)"
    );
    let fixed = apply(text, action, &main);
    assert_eq!(
        fixed,
        "resource \"aws_efs_file_system\" \"fs\" {\n  creation_token = \"é\"\n  encrypted      = true\n}\n"
    );
    s.close(&main);
    assert_eq!(
        s.diagnostics(&main),
        Vec::<String>::new(),
        "cleared on close"
    );
    s.open(&main, "terraform", &fixed);
    assert_eq!(s.diagnostics(&main), Vec::<String>::new());
    assert_eq!(s.finish(), 0);
}

#[test]
fn templates_parse_errors_and_other_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let template = "\
AWSTemplateFormatVersion: \"2010-09-09\"
Resources:
  Vol:
    Type: AWS::EC2::Volume
    Properties: { Tags: [{ Key: \"café 😀\", Value: \"x\" }], Encrypted: false }
";
    let t = uri(&dir.path().join("stack.yaml"));
    let other = uri(&dir.path().join("workflow.yml"));
    let broken = uri(&dir.path().join("broken.tf"));
    let mut s = Server::start();
    s.initialize(json!({ "debounceMs": 0 }));

    s.open(&t, "yaml", template);
    assert_eq!(s.diagnostics(&t), ["AWS-EBS-001 4:69-4:74 1"]);
    let r = s.request("textDocument/codeAction", action_params(&t, 4, 70));
    let actions = r["result"].as_array().unwrap().clone();
    assert_eq!(
        apply(template, &actions[1], &t),
        template.replace(
            "    Properties",
            "    # palisade:ignore:AWS-EBS-001\n    Properties"
        )
    );
    let fixed = apply(template, &actions[0], &t);
    assert_eq!(
        fixed,
        template.replace("Encrypted: false", "Encrypted: true")
    );
    s.change(&t, 2, actions[0]["edit"]["changes"][&t].as_array().unwrap());
    assert_eq!(s.diagnostics(&t), Vec::<String>::new());

    // Not a template: nothing is published, not even an empty list.
    s.open(&other, "yaml", "name: ci\non: [push]\n");
    assert!(!s.published(&other));

    s.open(
        &broken,
        "terraform",
        "# é😀\nresource \"aws_ebs_volume\" \"x\" {\n  size = \n}\n",
    );
    let m = s.next_notification("textDocument/publishDiagnostics", Some(&broken));
    // At the `=` whose value is missing, not at the `}` after it.
    assert_eq!(summary(&m["params"]["diagnostics"]), ["- 2:7-2:8 1"]);
    assert_eq!(
        m["params"]["diagnostics"][0]["message"],
        "expected a value after \"size =\" on the same line"
    );
    assert_eq!(s.finish(), 0);
}

#[test]
fn configuration_file_and_settings_apply() {
    let (dir, main, _) = module();
    let mut s = Server::start();
    s.initialize(json!({ "debounceMs": 0 }));
    s.open(&main, "terraform", MAIN_TF);
    assert_eq!(s.diagnostics(&main).len(), 2);

    // A configuration file appears: the client reports it as a watched file.
    let config = dir.path().join(".palisade.yml");
    std::fs::write(&config, "rules:\n  disable: [AWS-EBS-001]\n").unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&config), "type": 1 }] }),
    );
    assert_eq!(s.diagnostics(&main), ["AWS-CT-001 8:31-8:36 2"]);

    // The client's minimum severity hides the medium finding.
    s.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "palisade": { "minimumSeverity": "high" } } }),
    );
    assert_eq!(s.diagnostics(&main), Vec::<String>::new());
    s.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "palisade": { "minimumSeverity": "low" } } }),
    );
    assert_eq!(s.diagnostics(&main), ["AWS-CT-001 8:31-8:36 2"]);

    // A broken configuration is reported, and the defaults apply.
    std::fs::write(&config, "rules:\n  nonsense: 1\n").unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&config), "type": 2 }] }),
    );
    let shown = s.next_notification("window/showMessage", None);
    assert_eq!(shown["params"]["type"], 1);
    assert!(
        shown["params"]["message"]
            .as_str()
            .unwrap()
            .contains(".palisade.yml:2:3"),
        "{shown}"
    );
    assert_eq!(s.diagnostics(&main).len(), 2);

    // The configured baseline hides the findings it recorded.
    let status = Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(["baseline", "write", "base.json", "main.tf", "--no-config"])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::write(&config, "baseline: base.json\n").unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&config), "type": 2 }] }),
    );
    assert_eq!(s.diagnostics(&main), Vec::<String>::new());
    assert_eq!(s.finish(), 0);
}

#[test]
fn protocol_errors_do_not_stop_the_server() {
    let (_dir, main, _) = module();
    let mut s = Server::start();

    // Before initialize.
    let r = s.request("textDocument/hover", hover_params(&main, 0, 0));
    assert_eq!(r["error"]["code"], -32002);
    s.open(&main, "terraform", MAIN_TF);
    s.initialize(json!({}));
    assert!(!s.published(&main), "didOpen before initialize is dropped");

    // Malformed JSON: a parse error with a null id.
    s.send_raw(b"{\"jsonrpc\": \"2.0\", \"id\": 99, \"method\": ");
    let r = s.response(Value::Null);
    assert_eq!(r["error"]["code"], -32700);
    // Valid JSON that is not a message.
    s.send_raw(b"{\"jsonrpc\": \"2.0\", \"id\": 77}");
    let r = s.response(json!(77));
    assert_eq!(r["error"]["code"], -32600);
    // A missing Content-Length.
    s.write(b"Content-Type: x\r\n\r\n");
    let r = s.response(Value::Null);
    assert_eq!(r["error"]["code"], -32700);
    // Unknown methods and bad parameters.
    let r = s.request("textDocument/definition", hover_params(&main, 0, 0));
    assert_eq!(r["error"]["code"], -32601);
    let r = s.request("textDocument/hover", json!({ "nonsense": true }));
    assert_eq!(r["error"]["code"], -32602);
    s.notify("workspace/unknownNotification", json!({}));
    s.notify("textDocument/didOpen", json!({ "bad": 1 }));
    let r = s.request("initialize", json!({ "capabilities": {} }));
    assert_eq!(r["error"]["code"], -32600);

    // Still serving.
    s.open(&main, "terraform", MAIN_TF);
    assert_eq!(s.diagnostics(&main).len(), 2);
    let r = s.request("textDocument/hover", hover_params(&main, 8, 33));
    assert!(r["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .starts_with("**AWS-CT-001**"));

    // After shutdown, requests are refused and exit is clean.
    let r = s.request("shutdown", Value::Null);
    assert_eq!(r["result"], Value::Null);
    let r = s.request("textDocument/hover", hover_params(&main, 8, 33));
    assert_eq!(r["error"]["code"], -32600);
    s.notify("exit", Value::Null);
    assert_eq!(s.wait(), 0);
}

#[test]
fn exit_without_shutdown_is_an_error() {
    let mut s = Server::start();
    s.initialize(json!({}));
    s.notify("exit", Value::Null);
    assert_eq!(s.wait(), 1);

    // The input closing without shutdown too.
    let mut s = Server::start();
    s.initialize(json!({}));
    s.stdin = None;
    assert_eq!(s.wait(), 1);
}
