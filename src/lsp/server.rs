//! The server's state and message handling.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{BufRead, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeConfiguration, DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument,
    DidOpenTextDocument, DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability,
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    DidChangeConfigurationParams, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams, Hover,
    HoverContents, HoverParams, HoverProviderCapability, InitializeParams, InitializeResult,
    Location, MarkupContent, MarkupKind, MessageType, NumberOrString, Position,
    PositionEncodingKind, PublishDiagnosticsParams, Range as LspRange, SaveOptions,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, TextEdit, Url, WorkspaceEdit,
};
use serde_json::{json, Value};

use super::position::{apply_change, LineIndex};
use super::transport::{self, Incoming};
use crate::baseline;
use crate::config::{self, ConfigError, Loaded};
use crate::discover::{self, Candidate};
use crate::finding::{Finding, ScanResult, Severity};
use crate::fix;
use crate::scan::{self, Overlay, ScanOptions};
use crate::source::{SourceFile, SourceMap};

/// How long after the last change a document is checked, by default.
pub const DEFAULT_DEBOUNCE_MS: u64 = 150;

/// What a "suppress" code action leaves after the rule when the client takes
/// snippet edits: the cursor, where the reason goes. Other clients get the
/// comment with no reason, which is reported (`invalid-suppression`) until
/// the user writes one: the editor never writes a reason for the user.
const SUPPRESS_SNIPPET_REASON: &str = "$0";

/// Client settings: `initializationOptions`, or the `settings` of
/// `workspace/didChangeConfiguration` (either as they are or under a
/// `palisade` key). Keys: `minimumSeverity` (`low` … `critical`; default:
/// the configuration file's `severity`), `configPath` (a configuration file
/// to use instead of the `.palisade.yml` found from each document),
/// `debounceMs`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub min_severity: Option<Severity>,
    pub config: Option<PathBuf>,
    pub debounce: Duration,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            min_severity: None,
            config: None,
            debounce: Duration::from_millis(DEFAULT_DEBOUNCE_MS),
        }
    }
}

impl Settings {
    /// Takes the settings `value` holds; returns problems with it.
    pub fn update(&mut self, value: &Value) -> Vec<String> {
        let value = value.get("palisade").unwrap_or(value);
        let mut problems = Vec::new();
        if !value.is_object() {
            return problems;
        }
        match value.get("minimumSeverity") {
            None | Some(Value::Null) => self.min_severity = None,
            Some(v) => match v.as_str() {
                Some("") => self.min_severity = None,
                Some(s) => match Severity::parse(s) {
                    Some(sev) => self.min_severity = Some(sev),
                    None => problems.push(format!("minimumSeverity: unknown severity {s:?}")),
                },
                None => problems.push("minimumSeverity: expected a string".into()),
            },
        }
        match value.get("configPath") {
            None | Some(Value::Null) => self.config = None,
            Some(Value::String(s)) if s.is_empty() => self.config = None,
            Some(Value::String(s)) => self.config = Some(PathBuf::from(s)),
            Some(_) => problems.push("configPath: expected a string".into()),
        }
        match value.get("debounceMs") {
            None | Some(Value::Null) => {}
            Some(v) => match v.as_u64() {
                Some(ms) => self.debounce = Duration::from_millis(ms.min(10_000)),
                None => problems.push("debounceMs: expected a whole number".into()),
            },
        }
        problems
    }
}

/// Runs the server on `input` and `output` until `exit` or the end of the
/// input; returns the exit code (0 only after a `shutdown` request).
pub fn serve<R, W>(input: R, output: W) -> i32
where
    R: BufRead + Send + 'static,
    W: Write + Send + 'static,
{
    let (rx, tx, writer) = transport::start(input, output);
    let code = {
        let mut server = Server::new(tx);
        server.run(&rx)
    };
    // The server (and with it the last sender) is gone: the writer flushes
    // what is queued and ends.
    let _ = writer.join();
    code
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Uninitialized,
    Running,
    ShuttingDown,
}

/// An open document.
struct Doc {
    path: PathBuf,
    candidate: Candidate,
    text: String,
    version: i32,
    /// The text shared with scans, made on demand after a change.
    shared: Option<Arc<str>>,
}

impl Doc {
    fn is_terraform(&self) -> bool {
        self.candidate != Candidate::MaybeTemplate
    }

    fn shared(&mut self) -> Arc<str> {
        self.shared
            .get_or_insert_with(|| Arc::from(self.text.as_str()))
            .clone()
    }
}

/// One published diagnostic, with the finding behind it.
struct Flagged {
    diagnostic: Diagnostic,
    finding: Option<Finding>,
}

/// The last check of a document.
struct Checked {
    version: i32,
    /// The text the check saw (positions of `flagged` refer to it).
    file: Option<Arc<SourceFile>>,
    flagged: Vec<Flagged>,
}

struct Server {
    out: Sender<Value>,
    phase: Phase,
    settings: Settings,
    docs: HashMap<Url, Doc>,
    checked: HashMap<Url, Checked>,
    /// Documents changed and waiting for their check, with when it is due.
    pending: HashMap<Url, Instant>,
    /// Configuration errors already shown to the user.
    shown_config_errors: HashSet<String>,
    watch_dynamically: bool,
    /// The client takes rust-analyzer's `SnippetTextEdit` in code actions
    /// (`experimental.snippetTextEdit`).
    snippet_edits: bool,
    next_id: i32,
}

impl Server {
    fn new(out: Sender<Value>) -> Server {
        Server {
            out,
            phase: Phase::Uninitialized,
            settings: Settings::default(),
            docs: HashMap::new(),
            checked: HashMap::new(),
            pending: HashMap::new(),
            shown_config_errors: HashSet::new(),
            watch_dynamically: false,
            snippet_edits: false,
            next_id: 0,
        }
    }

    fn run(&mut self, rx: &Receiver<Incoming>) -> i32 {
        loop {
            let next = match self.pending.values().min() {
                Some(due) => rx.recv_timeout(due.saturating_duration_since(Instant::now())),
                None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            };
            match next {
                Ok(Incoming::Message(Message::Notification(n))) if n.method == "exit" => {
                    return if self.phase == Phase::ShuttingDown {
                        0
                    } else {
                        1
                    };
                }
                Ok(Incoming::Message(msg)) => {
                    let request = match &msg {
                        Message::Request(req) => Some(req.id.clone()),
                        _ => None,
                    };
                    let outcome = catch_unwind(AssertUnwindSafe(|| self.dispatch(msg)));
                    if outcome.is_err() {
                        self.log(
                            MessageType::ERROR,
                            "internal error while handling a message",
                        );
                        if let Some(id) = request {
                            self.respond_err(id, ErrorCode::InternalError, "internal error".into());
                        }
                    }
                }
                Ok(Incoming::Malformed { id, code, message }) => {
                    self.log(MessageType::ERROR, &format!("bad message: {message}"));
                    self.send(transport::error_response(id, code, &message));
                }
                Ok(Incoming::Closed) | Err(RecvTimeoutError::Disconnected) => {
                    return if self.phase == Phase::ShuttingDown {
                        0
                    } else {
                        1
                    };
                }
                Err(RecvTimeoutError::Timeout) => {}
            }
            self.run_due();
        }
    }

    fn dispatch(&mut self, msg: Message) {
        match msg {
            Message::Request(req) => self.on_request(req),
            Message::Notification(n) => self.on_notification(n),
            Message::Response(r) => {
                if let Some(e) = r.error {
                    self.log(
                        MessageType::WARNING,
                        &format!(
                            "client answered request {} with an error: {}",
                            r.id, e.message
                        ),
                    );
                }
            }
        }
    }

    // ---- output ------------------------------------------------------------

    fn send(&self, value: Value) {
        let _ = self.out.send(value);
    }

    fn send_msg(&self, msg: Message) {
        self.send(transport::to_json(&msg));
    }

    fn respond_err(&self, id: RequestId, code: ErrorCode, message: String) {
        self.send_msg(Response::new_err(id, code as i32, message).into());
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        self.send_msg(Notification::new(method.to_string(), params).into());
    }

    /// Logs to standard error and to the client's log.
    fn log(&self, level: MessageType, message: &str) {
        eprintln!("palisade lsp: {message}");
        self.notify(
            "window/logMessage",
            json!({ "type": level, "message": message }),
        );
    }

    // ---- requests ----------------------------------------------------------

    fn on_request(&mut self, req: Request) {
        match (self.phase, req.method.as_str()) {
            (Phase::Uninitialized, "initialize") => self.initialize(req),
            (Phase::Uninitialized, _) => self.respond_err(
                req.id,
                ErrorCode::ServerNotInitialized,
                format!("{}: the server is not initialized", req.method),
            ),
            (Phase::ShuttingDown, _) => self.respond_err(
                req.id,
                ErrorCode::InvalidRequest,
                format!("{}: the server is shutting down", req.method),
            ),
            (Phase::Running, "initialize") => self.respond_err(
                req.id,
                ErrorCode::InvalidRequest,
                "the server is already initialized".into(),
            ),
            (Phase::Running, "shutdown") => {
                self.phase = Phase::ShuttingDown;
                self.send_msg(Response::new_ok(req.id, Value::Null).into());
            }
            (Phase::Running, HoverRequest::METHOD) => {
                let id = req.id.clone();
                match serde_json::from_value::<HoverParams>(req.params) {
                    Ok(params) => {
                        let hover = self.hover(params);
                        self.send_msg(Response::new_ok(id, hover).into());
                    }
                    Err(e) => self.respond_err(id, ErrorCode::InvalidParams, e.to_string()),
                }
            }
            (Phase::Running, CodeActionRequest::METHOD) => {
                let id = req.id.clone();
                match serde_json::from_value::<CodeActionParams>(req.params) {
                    Ok(params) => {
                        let actions = self.code_actions(params);
                        self.send_msg(Response::new_ok(id, actions).into());
                    }
                    Err(e) => self.respond_err(id, ErrorCode::InvalidParams, e.to_string()),
                }
            }
            (Phase::Running, method) => {
                let message = format!("unknown method {method}");
                self.log(MessageType::WARNING, &message);
                self.respond_err(req.id, ErrorCode::MethodNotFound, message);
            }
        }
    }

    fn initialize(&mut self, req: Request) {
        let params = match serde_json::from_value::<InitializeParams>(req.params) {
            Ok(p) => p,
            Err(e) => {
                return self.respond_err(req.id, ErrorCode::InvalidParams, e.to_string());
            }
        };
        if let Some(options) = &params.initialization_options {
            for p in self.settings.update(options) {
                self.log(MessageType::WARNING, &format!("initializationOptions: {p}"));
            }
        }
        self.watch_dynamically = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files)
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        self.snippet_edits = params
            .capabilities
            .experimental
            .as_ref()
            .and_then(|e| e.get("snippetTextEdit"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let capabilities = ServerCapabilities {
            position_encoding: Some(PositionEncodingKind::UTF16),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                        include_text: Some(false),
                    })),
                    ..Default::default()
                },
            )),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..Default::default()
            })),
            ..Default::default()
        };
        let result = InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "palisade".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        };
        self.phase = Phase::Running;
        self.send_msg(Response::new_ok(req.id, result).into());
    }

    /// Asks the client to tell us about configuration and Terraform files
    /// changing on disk.
    fn register_watchers(&mut self) {
        self.next_id += 1;
        let req = Request::new(
            RequestId::from(format!("palisade-{}", self.next_id)),
            "client/registerCapability".into(),
            json!({ "registrations": [{
                "id": "palisade-watched-files",
                "method": DidChangeWatchedFiles::METHOD,
                "registerOptions": { "watchers": [
                    { "globPattern": "**/.palisade.{yml,yaml}" },
                    { "globPattern": "**/*.tf" },
                    { "globPattern": "**/*.tf.json" },
                    { "globPattern": "**/*.rego" },
                    { "globPattern": "**/*.{yaml,yml}" },
                ]},
            }]}),
        );
        self.send_msg(req.into());
    }

    // ---- notifications -----------------------------------------------------

    fn on_notification(&mut self, n: Notification) {
        if self.phase != Phase::Running {
            return;
        }
        let method = n.method.clone();
        let result = match method.as_str() {
            "initialized" => {
                if self.watch_dynamically {
                    self.register_watchers();
                }
                Ok(())
            }
            DidOpenTextDocument::METHOD => {
                serde_json::from_value(n.params).map(|p| self.did_open(p))
            }
            DidChangeTextDocument::METHOD => {
                serde_json::from_value(n.params).map(|p| self.did_change(p))
            }
            DidSaveTextDocument::METHOD => {
                serde_json::from_value(n.params).map(|p: DidSaveTextDocumentParams| {
                    self.check([p.text_document.uri]);
                })
            }
            DidCloseTextDocument::METHOD => {
                serde_json::from_value(n.params).map(|p| self.did_close(p))
            }
            DidChangeConfiguration::METHOD => serde_json::from_value(n.params)
                .map(|p: DidChangeConfigurationParams| self.did_change_configuration(p)),
            DidChangeWatchedFiles::METHOD => {
                serde_json::from_value(n.params).map(|p| self.did_change_watched_files(p))
            }
            m if m.starts_with("$/") => Ok(()),
            m => {
                self.log(MessageType::LOG, &format!("ignored notification {m}"));
                Ok(())
            }
        };
        if let Err(e) = result {
            self.log(
                MessageType::ERROR,
                &format!("{method}: invalid parameters: {e}"),
            );
        }
    }

    fn did_open(&mut self, p: DidOpenTextDocumentParams) {
        let uri = p.text_document.uri;
        let Some((path, candidate)) = document_path(&uri) else {
            return;
        };
        self.docs.insert(
            uri.clone(),
            Doc {
                path,
                candidate,
                text: p.text_document.text,
                version: p.text_document.version,
                shared: None,
            },
        );
        self.check([uri]);
    }

    fn did_change(&mut self, p: DidChangeTextDocumentParams) {
        let uri = p.text_document.uri;
        let Some(doc) = self.docs.get_mut(&uri) else {
            return;
        };
        for change in p.content_changes {
            apply_change(&mut doc.text, change);
        }
        doc.version = p.text_document.version;
        doc.shared = None;
        self.pending
            .insert(uri, Instant::now() + self.settings.debounce);
    }

    fn did_close(&mut self, p: DidCloseTextDocumentParams) {
        let uri = p.text_document.uri;
        self.pending.remove(&uri);
        let Some(doc) = self.docs.remove(&uri) else {
            return;
        };
        if self
            .checked
            .remove(&uri)
            .is_some_and(|c| !c.flagged.is_empty())
        {
            self.publish(uri, Vec::new(), None);
        }
        // Its module is read from disk again.
        if doc.is_terraform() {
            let siblings = self.terraform_docs_in(doc.path.parent());
            self.check(siblings);
        }
    }

    fn did_change_configuration(&mut self, p: DidChangeConfigurationParams) {
        for problem in self.settings.update(&p.settings) {
            self.log(MessageType::WARNING, &format!("settings: {problem}"));
        }
        let all: Vec<Url> = self.docs.keys().cloned().collect();
        self.check(all);
    }

    fn did_change_watched_files(&mut self, p: DidChangeWatchedFilesParams) {
        let mut affected: BTreeSet<Url> = BTreeSet::new();
        for change in p.changes {
            let Ok(path) = change.uri.to_file_path() else {
                continue;
            };
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if config::FILE_NAMES.contains(&name) {
                self.shown_config_errors.clear();
                affected.extend(self.docs.keys().cloned());
            } else if crate::policy::may_be_policy(&path) {
                // A custom policy changed: every document's findings may.
                self.shown_config_errors.clear();
                affected.extend(self.docs.keys().cloned());
            } else if matches!(
                Candidate::of(&path),
                Some(Candidate::Terraform | Candidate::TerraformJson)
            ) {
                affected.extend(self.terraform_docs_in(path.parent()));
            }
        }
        self.check(affected);
    }

    fn terraform_docs_in(&self, dir: Option<&Path>) -> Vec<Url> {
        self.docs
            .iter()
            .filter(|(_, d)| d.is_terraform() && d.path.parent() == dir)
            .map(|(u, _)| u.clone())
            .collect()
    }

    // ---- checking ----------------------------------------------------------

    /// Checks the documents whose debounce delay is over.
    fn run_due(&mut self) {
        let now = Instant::now();
        let due: Vec<Url> = self
            .pending
            .iter()
            .filter(|(_, &at)| at <= now)
            .map(|(u, _)| u.clone())
            .collect();
        if !due.is_empty() {
            self.check(due);
        }
    }

    /// Makes sure the last check of `uri` saw its current text.
    fn ensure_fresh(&mut self, uri: &Url) {
        let stale = self.pending.contains_key(uri)
            || match (self.docs.get(uri), self.checked.get(uri)) {
                (Some(d), Some(c)) => d.version != c.version,
                (Some(_), None) => true,
                _ => false,
            };
        if stale {
            self.check([uri.clone()]);
        }
    }

    /// Checks open documents and publishes their diagnostics. A Terraform
    /// document brings the other open documents of its module along, since
    /// their findings may depend on it.
    fn check(&mut self, uris: impl IntoIterator<Item = Url>) {
        let mut targets: BTreeSet<Url> = BTreeSet::new();
        for uri in uris {
            let Some(doc) = self.docs.get(&uri) else {
                continue;
            };
            if doc.is_terraform() {
                targets.extend(self.terraform_docs_in(doc.path.parent()));
            }
            targets.insert(uri);
        }
        if targets.is_empty() {
            return;
        }
        for uri in &targets {
            self.pending.remove(uri);
        }

        // One scan per configuration file.
        let mut configs: HashMap<PathBuf, Option<Loaded>> = HashMap::new();
        let mut groups: BTreeMap<Option<PathBuf>, (Option<Loaded>, Vec<Url>)> = BTreeMap::new();
        for uri in targets {
            let path = self.docs[&uri].path.clone();
            let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
            let loaded = match configs.get(&dir) {
                Some(l) => l.clone(),
                None => {
                    let l = self.load_config(&path);
                    configs.insert(dir, l.clone());
                    l
                }
            };
            let key = loaded.as_ref().map(|l| l.path.clone());
            groups
                .entry(key)
                .or_insert_with(|| (loaded, Vec::new()))
                .1
                .push(uri);
        }
        let overlay: Overlay = self
            .docs
            .values_mut()
            .map(|d| (d.path.clone(), d.shared()))
            .collect();
        for (_, (loaded, uris)) in groups {
            let mut opts = ScanOptions {
                paths: uris.iter().map(|u| self.docs[u].path.clone()).collect(),
                overlay: overlay.clone(),
                ..Default::default()
            };
            if let Some(l) = &loaded {
                l.apply(&mut opts);
                // Custom policies are read again for every check, so edits
                // to them show at once (unchanged metadata is not leaked again).
                match crate::policy::Policies::load(&l.policies()) {
                    Ok(p) if !p.is_empty() => opts.policies = Some(std::sync::Arc::new(p)),
                    Ok(_) => {}
                    Err(errors) => {
                        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
                        self.show_error_once(format!("{} (policies not applied)", text.join("\n")));
                    }
                }
            }
            let min = self
                .settings
                .min_severity
                .or(loaded.as_ref().map(|l| l.config.severity))
                .unwrap_or(Severity::Low);
            let mut result = scan::scan(&opts);
            // Findings recorded in the configured baseline are not shown,
            // as in `palisade scan`.
            if let Some(file) = loaded.as_ref().and_then(Loaded::baseline) {
                match baseline::read(&file) {
                    Ok(b) => b.apply(&mut result),
                    Err(e) => self.show_error_once(format!("{e} (not applied)")),
                }
            }
            self.publish_result(&result, &uris, min);
        }
    }

    /// The configuration for a document; errors are shown once and the
    /// defaults apply.
    fn load_config(&mut self, path: &Path) -> Option<Loaded> {
        match config::resolve(self.settings.config.as_deref(), false, path) {
            Ok(loaded) => loaded,
            Err(errors) => {
                self.show_config_errors(&errors);
                None
            }
        }
    }

    fn show_config_errors(&mut self, errors: &[ConfigError]) {
        let text = errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n");
        self.show_error_once(format!("{text} (using the defaults)"));
    }

    /// Logs a problem with the configuration and shows it to the user, once
    /// until a configuration file changes.
    fn show_error_once(&mut self, text: String) {
        if self.shown_config_errors.insert(text.clone()) {
            self.log(MessageType::ERROR, &text);
            self.notify(
                "window/showMessage",
                json!({
                    "type": MessageType::ERROR,
                    "message": format!("Palisade: {text}"),
                }),
            );
        }
    }

    fn publish_result(&mut self, result: &ScanResult, uris: &[Url], min: Severity) {
        let files: Vec<Arc<SourceFile>> = result.sources.files().cloned().collect();
        let by_path: HashMap<PathBuf, usize> = files
            .iter()
            .enumerate()
            .map(|(i, f)| (discover::absolute(&f.path), i))
            .collect();
        for uri in uris {
            let doc = &self.docs[uri];
            let file = by_path.get(&doc.path).map(|&i| files[i].clone());
            let mut flagged = Vec::new();
            if let Some(file) = &file {
                let index = LineIndex::new(&file.text);
                for f in &result.findings {
                    if f.range.file == file.id && f.severity >= min {
                        flagged.push(Flagged {
                            diagnostic: finding_diagnostic(f, &index, &result.sources),
                            finding: Some(f.clone()),
                        });
                    }
                }
                for e in &result.errors {
                    if let Some(r) = e.range.filter(|r| r.file == file.id) {
                        flagged.push(Flagged {
                            diagnostic: error_diagnostic(
                                e,
                                index.range(r.span.start as usize, r.span.end as usize),
                            ),
                            finding: None,
                        });
                    }
                }
            }
            for e in &result.errors {
                if e.range.is_none() && discover::absolute(&e.path) == doc.path {
                    flagged.push(Flagged {
                        diagnostic: error_diagnostic(e, LspRange::default()),
                        finding: None,
                    });
                }
            }
            let had = self.checked.get(uri).is_some_and(|c| !c.flagged.is_empty());
            // Templates are recognised by content: a YAML or JSON document
            // that is not one gets nothing, not even an empty list.
            if doc.is_terraform() || had || !flagged.is_empty() {
                let diagnostics = flagged.iter().map(|f| f.diagnostic.clone()).collect();
                self.publish(uri.clone(), diagnostics, Some(doc.version));
            }
            let version = doc.version;
            self.checked.insert(
                uri.clone(),
                Checked {
                    version,
                    file,
                    flagged,
                },
            );
        }
    }

    fn publish(&self, uri: Url, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        self.notify(
            PublishDiagnostics::METHOD,
            PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            },
        );
    }

    // ---- hover and code actions --------------------------------------------

    fn hover(&mut self, params: HoverParams) -> Option<Hover> {
        let uri = params.text_document_position_params.text_document.uri;
        let pos = params.text_document_position_params.position;
        self.ensure_fresh(&uri);
        let checked = self.checked.get(&uri)?;
        let mut seen = HashSet::new();
        let mut parts = Vec::new();
        let mut range = None;
        for f in &checked.flagged {
            let Some(finding) = &f.finding else {
                continue;
            };
            if !contains(f.diagnostic.range, pos) || !seen.insert(&finding.rule.id) {
                continue;
            }
            range.get_or_insert(f.diagnostic.range);
            let rule = finding.rule;
            parts.push(format!(
                "**{}** `{}` ({})\n\n{}\n\n{}\n\n[Documentation]({})",
                rule.id,
                rule.name,
                finding.severity,
                rule.title,
                rule.doc.trim(),
                rule.doc_url()
            ));
        }
        if parts.is_empty() {
            return None;
        }
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: parts.join("\n\n---\n\n"),
            }),
            range,
        })
    }

    /// Quick fixes, then suppressions, for the findings in the range: as
    /// JSON, since a suppression is a snippet edit for clients that take
    /// them, which `lsp-types` has no type for.
    fn code_actions(&mut self, params: CodeActionParams) -> Vec<Value> {
        let uri = params.text_document.uri;
        if let Some(only) = &params.context.only {
            if !only
                .iter()
                .any(|k| CodeActionKind::QUICKFIX.as_str().starts_with(k.as_str()))
            {
                return Vec::new();
            }
        }
        self.ensure_fresh(&uri);
        let Some(checked) = self.checked.get(&uri) else {
            return Vec::new();
        };
        let Some(file) = &checked.file else {
            return Vec::new();
        };
        let version = self.docs.get(&uri).map(|d| d.version);
        let index = LineIndex::new(&file.text);
        let mut actions = Vec::new();
        for f in &checked.flagged {
            let Some(finding) = &f.finding else {
                continue;
            };
            if !overlaps(f.diagnostic.range, params.range) {
                continue;
            }
            let suppression = if self.snippet_edits {
                fix::suppression(finding, file, SUPPRESS_SNIPPET_REASON)
            } else {
                fix::suppression(finding, file, "")
            };
            let candidates = [
                (fix::fix(finding, file), true, false),
                (suppression, false, self.snippet_edits),
            ];
            for (edit, preferred, snippet) in candidates {
                let Some(edit) = edit else {
                    continue;
                };
                let edits: Vec<TextEdit> = edit
                    .edits
                    .iter()
                    .map(|e| TextEdit {
                        range: index.range(e.span.start as usize, e.span.end as usize),
                        new_text: e.text.clone(),
                    })
                    .collect();
                let workspace_edit = if snippet {
                    snippet_edit(&uri, version, edits)
                } else {
                    json!(WorkspaceEdit {
                        changes: Some(HashMap::from([(uri.clone(), edits)])),
                        ..Default::default()
                    })
                };
                let mut action = json!(CodeAction {
                    title: edit.title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![f.diagnostic.clone()]),
                    is_preferred: preferred.then_some(true),
                    ..Default::default()
                });
                action["edit"] = workspace_edit;
                actions.push(action);
            }
        }
        actions
    }
}

/// A workspace edit of rust-analyzer's `SnippetTextEdit`s: the edits' text
/// is a snippet (`$0` is where the cursor goes).
fn snippet_edit(uri: &Url, version: Option<i32>, edits: Vec<TextEdit>) -> Value {
    let edits: Vec<Value> = edits
        .into_iter()
        .map(|e| json!({ "range": e.range, "newText": e.new_text, "insertTextFormat": 2 }))
        .collect();
    json!({ "documentChanges": [{
        "textDocument": { "uri": uri, "version": version },
        "edits": edits,
    }]})
}

/// The local path and kind of a `file:` document Palisade checks.
fn document_path(uri: &Url) -> Option<(PathBuf, Candidate)> {
    if uri.scheme() != "file" {
        return None;
    }
    let path = discover::absolute(&uri.to_file_path().ok()?);
    // A `terragrunt.hcl` is checked by `palisade scan` over its tree: on its
    // own, its module usually lies outside the scanned paths.
    let candidate = Candidate::of(&path).filter(|c| *c != Candidate::Terragrunt)?;
    Some((path, candidate))
}

/// Critical and high are errors, medium a warning, low information.
pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Critical | Severity::High => DiagnosticSeverity::ERROR,
        Severity::Medium => DiagnosticSeverity::WARNING,
        Severity::Low => DiagnosticSeverity::INFORMATION,
    }
}

fn finding_diagnostic(f: &Finding, index: &LineIndex, sources: &SourceMap) -> Diagnostic {
    let mut message = f.message.clone();
    if !f.notes.is_empty() {
        message = format!("{message} ({})", f.notes.join("; "));
    }
    // The value's trail, then the calling `module` blocks.
    let related: Vec<DiagnosticRelatedInformation> = f
        .trail
        .iter()
        .map(|t| (t.range, crate::report::trail_note(t)))
        .chain(f.related.iter().cloned())
        .filter_map(|(range, message)| {
            let file =
                ((range.file.0 as usize) < sources.len()).then(|| sources.get(range.file))?;
            let uri = Url::from_file_path(discover::absolute(&file.path)).ok()?;
            let index = LineIndex::new(&file.text);
            Some(DiagnosticRelatedInformation {
                location: Location {
                    uri,
                    range: index.range(range.span.start as usize, range.span.end as usize),
                },
                message,
            })
        })
        .collect();
    Diagnostic {
        range: index.range(f.range.span.start as usize, f.range.span.end as usize),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.id.clone())),
        code_description: Url::parse(&f.rule.doc_url())
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("palisade".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}

fn error_diagnostic(e: &crate::finding::FileError, range: LspRange) -> Diagnostic {
    Diagnostic {
        range,
        severity: Some(match e.level {
            crate::finding::Level::Error => DiagnosticSeverity::ERROR,
            crate::finding::Level::Warning => DiagnosticSeverity::WARNING,
        }),
        source: Some("palisade".into()),
        message: e.message.clone(),
        ..Default::default()
    }
}

fn contains(r: LspRange, p: Position) -> bool {
    r.start <= p && p <= r.end
}

fn overlaps(a: LspRange, b: LspRange) -> bool {
    a.start <= b.end && b.start <= a.end
}
