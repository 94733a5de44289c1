-- Palisade language server for Neovim (0.7 or later).
--
-- Put this file on your 'runtimepath' as lua/palisade.lua (for example
-- ~/.config/nvim/lua/palisade.lua) and call, from init.lua:
--
--   require("palisade").setup({
--     -- cmd = { "/path/to/palisade", "lsp" },
--     -- init_options = { minimumSeverity = "medium" },
--   })
--
-- The server is started for terraform, hcl, yaml and json buffers, one per
-- project root: the nearest directory with a .palisade.yml, .palisade.yaml
-- or .git, else the file's directory. YAML and JSON files that are not
-- CloudFormation templates get no diagnostics: the server reads the content
-- and decides. The PALISADE_BIN environment variable, when set, names the
-- binary to run.

local M = {}

local function default_cmd()
  local bin = os.getenv("PALISADE_BIN")
  if bin == nil or bin == "" then
    bin = "palisade"
  end
  return { bin, "lsp" }
end

M.defaults = {
  cmd = default_cmd(),
  filetypes = { "terraform", "hcl", "yaml", "json" },
  root_markers = { ".palisade.yml", ".palisade.yaml", ".git" },
  -- Server settings: minimumSeverity ("low", "medium", "high", "critical"),
  -- configPath (a configuration file to use instead of .palisade.yml),
  -- debounceMs (delay after the last change before checking; default 150).
  init_options = vim.empty_dict(),
}

local function find_root(file, markers)
  local dir = vim.fn.fnamemodify(file, ":p:h")
  while true do
    for _, marker in ipairs(markers) do
      if vim.loop.fs_stat(dir .. "/" .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      return nil
    end
    dir = parent
  end
end

-- Clients started on Neovim 0.7 (without vim.lsp.start), by root.
local clients = {}

-- Starts (or reuses) the server for the buffer's project and attaches it.
function M.start(bufnr, opts)
  opts = opts or M.defaults
  local file = vim.api.nvim_buf_get_name(bufnr)
  if file == "" or vim.bo[bufnr].buftype ~= "" then
    return nil
  end
  local root = find_root(file, opts.root_markers) or vim.fn.fnamemodify(file, ":p:h")
  local config = {
    name = "palisade",
    cmd = opts.cmd,
    root_dir = root,
    init_options = opts.init_options,
    settings = { palisade = opts.init_options },
  }
  if vim.lsp.start then
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  local id = clients[root]
  if id == nil or vim.lsp.client_is_stopped(id) then
    id = vim.lsp.start_client(config)
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

function M.setup(user)
  local opts = vim.tbl_deep_extend("force", M.defaults, user or {})
  local group = vim.api.nvim_create_augroup("palisade_lsp", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = opts.filetypes,
    callback = function(args)
      M.start(args.buf, opts)
    end,
  })
end

return M
