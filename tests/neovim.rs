//! The Neovim integration with a real client: headless Neovim loads
//! `editors/neovim/palisade.lua`, opens a Terraform file, and writes the
//! diagnostics it received, a hover, code actions and the diagnostics after
//! an edit in the buffer to a file that is compared exactly.
//!
//! Needs `nvim` (0.7 or later) on PATH: without it the test is skipped, or
//! fails when `PALISADE_REQUIRE_TOOLS=1` (see `tests/common/tools.rs`).
//! The test only looks for `nvim`; providing it is the CI script's job
//! (`scripts/ensure-neovim.sh`, run by `.ci/run` before the suite).

mod common;

use common::tools;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(90);

/// Waits for diagnostics and writes `CODE line:col-line:col severity` (Neovim's
/// 0-based byte positions plus one) for each, the first line of a hover, the
/// titles of code actions, and the diagnostics after an edit; or the error.
const DRIVER: &str = r#"
local out = os.getenv("PALISADE_NVIM_OUT")
local lines = {}
local function diagnostics(buf)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(found, string.format("%s %d:%d-%d:%d %d", d.code, d.lnum + 1,
      d.col + 1, d.end_lnum + 1, d.end_col + 1, d.severity))
  end
  table.sort(found)
  return found
end
local function request(buf, method, line, character)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = line, character = character },
    range = {
      start = { line = line, character = character },
      ["end"] = { line = line, character = character },
    },
    context = { diagnostics = {} },
  }
  local responses = vim.lsp.buf_request_sync(buf, method, params, 10000) or {}
  for _, r in pairs(responses) do
    if r.result then
      return r.result
    end
  end
  return nil
end
local ok, err = pcall(function()
  vim.cmd("filetype on")
  local palisade = dofile(os.getenv("PALISADE_LUA"))
  palisade.setup({ init_options = { debounceMs = 0 } })
  vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("PALISADE_NVIM_FILE")))
  local buf = vim.api.nvim_get_current_buf()
  local got = vim.wait(60000, function()
    return #vim.diagnostic.get(buf) > 0
  end, 20)
  if not got then
    local names = {}
    for _, c in pairs(vim.lsp.get_active_clients()) do
      table.insert(names, c.name)
    end
    error("no diagnostics; filetype=" .. vim.bo[buf].filetype
      .. " clients=" .. table.concat(names, ","))
  end
  vim.list_extend(lines, diagnostics(buf))

  -- Hover on `var.encrypt` (UTF-16 unit 33 of line 4): the rule's doc.
  local hover = request(buf, "textDocument/hover", 3, 35)
  table.insert(lines, "hover: " .. vim.split(hover.contents.value, "\n")[1])
  -- Code actions on the trail's header.
  for _, a in ipairs(request(buf, "textDocument/codeAction", 6, 3) or {}) do
    table.insert(lines, "action: " .. a.title)
  end

  -- An edit in the buffer reaches the server as an incremental change:
  -- `var.encrypt` (bytes 36 to 47 of line 4) becomes `true`.
  vim.api.nvim_buf_set_text(buf, 3, 36, 3, 47, { "true" })
  local changed = vim.wait(30000, function()
    return #vim.diagnostic.get(buf) == 1
  end, 20)
  table.insert(lines, "after the edit:" .. (changed and "" or " (timed out)"))
  vim.list_extend(lines, diagnostics(buf))
end)
if not ok then
  table.insert(lines, "error: " .. tostring(err))
end
vim.fn.writefile(lines, out)
vim.cmd("qall!")
"#;

const MAIN_TF: &str = "\
# Données 😀
resource \"aws_ebs_volume\" \"data\" {
  availability_zone = \"eu-west-1a\"
  /* chiffré ? 😀 */ encrypted = var.encrypt
}

resource \"aws_cloudtrail\" \"trail\" {
  name                       = \"é😀\"
  is_multi_region_trail      = true
  kms_key_id                 = \"alias/trail\"
  cloud_watch_logs_group_arn = \"arn:aws:logs:eu-west-1:111122223333:log-group:trail:*\"
  cloud_watch_logs_role_arn  = \"arn:aws:iam::111122223333:role/trail-logs\"
}
";

#[test]
fn neovim_shows_the_diagnostics() {
    let Some(nvim) = tools::on_path("nvim") else {
        tools::skip("neovim_shows_the_diagnostics", "nvim not found on PATH");
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));

    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    std::fs::create_dir(&project).unwrap();
    std::fs::create_dir(project.join(".git")).unwrap();
    std::fs::write(project.join("main.tf"), MAIN_TF).unwrap();
    std::fs::write(
        project.join("variables.tf"),
        "variable \"encrypt\" {\n  default = false\n}\n",
    )
    .unwrap();
    let driver = dir.path().join("driver.lua");
    std::fs::write(&driver, DRIVER).unwrap();
    let out = dir.path().join("diagnostics.txt");
    let home = dir.path().join("home");

    let started = Instant::now();
    let mut child = Command::new(&nvim)
        .args(["--headless", "--clean", "-n", "-c"])
        .arg(format!("luafile {}", driver.display()))
        // Quits even when the driver could not be loaded.
        .args(["-c", "qall!"])
        .current_dir(&project)
        .env("PALISADE_BIN", env!("CARGO_BIN_EXE_palisade"))
        .env("PALISADE_LUA", root.join("editors/neovim/palisade.lua"))
        .env("PALISADE_NVIM_FILE", project.join("main.tf"))
        .env("PALISADE_NVIM_OUT", &out)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start nvim");
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let output = child.wait_with_output().unwrap();
            panic!(
                "nvim did not finish within {TIMEOUT:?}\nstdout: {}\nstderr: {}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    let written = std::fs::read_to_string(&out).unwrap_or_else(|e| {
        panic!(
            "nvim wrote no result ({e}); status {}\nstdout: {}\nstderr: {}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    eprintln!("nvim round trip: {:?}", started.elapsed());
    // Neovim converts the server's UTF-16 columns to bytes: `var.encrypt`
    // starts at character 32 of its line, UTF-16 unit 33, byte 36.
    assert_eq!(
        written,
        "AWS-CT-001 7:1-7:34 2\n\
         AWS-EBS-001 4:37-4:48 1\n\
         hover: **AWS-EBS-001** `ebs-volume-unencrypted` (high)\n\
         action: Set enable_log_file_validation = true\n\
         action: Suppress AWS-CT-001 with a reason\n\
         after the edit:\n\
         AWS-CT-001 7:1-7:34 2\n",
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}
