//! JSON-RPC framing over byte streams (`Content-Length` headers), on two
//! threads. Unlike `lsp_server::Connection::stdio`, a malformed message does
//! not end the connection: the reader reports it and goes on with the next
//! frame, so the server can answer with a parse error and keep serving.

use std::io::{BufRead, Write};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use lsp_server::{ErrorCode, Message};
use serde_json::{json, Value};

/// What the reader delivers.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// A frame that is not a JSON-RPC message: the error response to send
    /// (its `id` is null when the frame's id could not be read).
    Malformed {
        id: Value,
        code: i32,
        message: String,
    },
    /// The input ended (or could not be read any more).
    Closed,
}

/// Starts the reader and writer threads. Messages sent on the returned
/// sender are written in order; the writer thread ends when every sender is
/// dropped, and is joined through the returned handle.
pub fn start<R, W>(
    input: R,
    output: W,
) -> (Receiver<Incoming>, Sender<Value>, thread::JoinHandle<()>)
where
    R: BufRead + Send + 'static,
    W: Write + Send + 'static,
{
    let (in_tx, in_rx) = mpsc::channel();
    let (out_tx, out_rx) = mpsc::channel::<Value>();
    thread::Builder::new()
        .name("palisade-lsp-reader".into())
        .spawn(move || read_loop(input, in_tx))
        .expect("spawn reader thread");
    let writer = thread::Builder::new()
        .name("palisade-lsp-writer".into())
        .spawn(move || {
            let mut output = output;
            for value in out_rx {
                let body = value.to_string();
                let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
                if output
                    .write_all(frame.as_bytes())
                    .and_then(|()| output.flush())
                    .is_err()
                {
                    break;
                }
            }
        })
        .expect("spawn writer thread");
    (in_rx, out_tx, writer)
}

/// A message as JSON, with the `jsonrpc` member.
pub fn to_json(msg: &Message) -> Value {
    let mut value = serde_json::to_value(msg).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        map.insert("jsonrpc".into(), json!("2.0"));
    }
    value
}

/// An error response for a request whose id may be unknown (null).
pub fn error_response(id: Value, code: i32, message: &str) -> Value {
    json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code, "message": message },
    })
}

fn read_loop<R: BufRead>(mut input: R, tx: Sender<Incoming>) {
    loop {
        let frame = match read_frame(&mut input) {
            Ok(Some(frame)) => frame,
            Ok(None) | Err(_) => {
                let _ = tx.send(Incoming::Closed);
                return;
            }
        };
        let incoming = match frame {
            Frame::Body(body) => parse(&body),
            Frame::BadHeader(message) => Incoming::Malformed {
                id: Value::Null,
                code: ErrorCode::ParseError as i32,
                message,
            },
        };
        let is_exit =
            matches!(&incoming, Incoming::Message(Message::Notification(n)) if n.method == "exit");
        if tx.send(incoming).is_err() || is_exit {
            return;
        }
    }
}

fn parse(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return Incoming::Malformed {
                id: Value::Null,
                code: ErrorCode::ParseError as i32,
                message: format!("malformed JSON: {e}"),
            }
        }
    };
    let id = value.get("id").cloned().unwrap_or(Value::Null);
    let shaped = value.get("method").is_some_and(Value::is_string)
        || (value.get("id").is_some()
            && (value.get("result").is_some() || value.get("error").is_some()));
    if !shaped {
        return Incoming::Malformed {
            id,
            code: ErrorCode::InvalidRequest as i32,
            message: "not a JSON-RPC message: no method, result or error".into(),
        };
    }
    match serde_json::from_value::<Message>(value) {
        Ok(msg) => Incoming::Message(msg),
        Err(e) => Incoming::Malformed {
            id,
            code: ErrorCode::InvalidRequest as i32,
            message: format!("not a JSON-RPC message: {e}"),
        },
    }
}

enum Frame {
    Body(Vec<u8>),
    /// Headers without a usable `Content-Length`; the next frame is tried.
    BadHeader(String),
}

/// Reads one frame; `None` at the end of the input.
fn read_frame<R: BufRead>(input: &mut R) -> std::io::Result<Option<Frame>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut saw_header = false;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        if let Some((name, value)) = header.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = Some(
                    value
                        .trim()
                        .parse::<usize>()
                        .map_err(|_| format!("bad Content-Length: {:?}", value.trim())),
                );
            }
        }
    }
    match length {
        Some(Ok(n)) if n <= 256 * 1024 * 1024 => {
            let mut body = vec![0u8; n];
            input.read_exact(&mut body)?;
            Ok(Some(Frame::Body(body)))
        }
        Some(Ok(n)) => Ok(Some(Frame::BadHeader(format!(
            "Content-Length {n} is too large"
        )))),
        Some(Err(message)) => Ok(Some(Frame::BadHeader(message))),
        None => Ok(Some(Frame::BadHeader(
            "missing Content-Length header".into(),
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn frames(input: &str) -> Vec<String> {
        let (rx, _tx, _) = start(Cursor::new(input.to_string()), Vec::new());
        let mut out = Vec::new();
        for incoming in rx {
            match incoming {
                Incoming::Message(m) => out.push(format!("{}", to_json(&m)["method"])),
                Incoming::Malformed { id, code, .. } => out.push(format!("error {code} {id}")),
                Incoming::Closed => break,
            }
        }
        out
    }

    #[test]
    fn malformed_frames_do_not_end_the_stream() {
        let ok = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let bad = r#"{"jsonrpc":"2.0","id":7,"method":"#;
        let not_msg = r#"{"jsonrpc":"2.0","id":8}"#;
        let input = format!(
            "Content-Length: {}\r\n\r\n{bad}X-Other: 1\r\n\r\nContent-Length: {}\r\n\r\n{not_msg}Content-Length: {}\r\n\r\n{ok}",
            bad.len(),
            not_msg.len(),
            ok.len()
        );
        assert_eq!(
            frames(&input),
            [
                "error -32700 null",
                "error -32700 null",
                "error -32600 8",
                "\"initialized\""
            ]
        );
    }
}
