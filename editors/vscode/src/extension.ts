// Starts `palisade lsp` for Terraform and CloudFormation files.
//
// YAML and JSON documents are all sent to the server, which reads their
// content and publishes diagnostics only for CloudFormation templates.

import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

/** The server's settings, from the `palisade.*` configuration. */
function settings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration("palisade");
  return {
    minimumSeverity: config.get<string>("minimumSeverity") || null,
    configPath: config.get<string>("configPath") || null,
    debounceMs: config.get<number>("debounceMs", 150),
  };
}

function createClient(): LanguageClient {
  const command = vscode.workspace.getConfiguration("palisade").get<string>("path") || "palisade";
  // Standard input and output (without a `transport`, no `--stdio` is added).
  const serverOptions: ServerOptions = { command, args: ["lsp"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "terraform" },
      { scheme: "file", language: "hcl" },
      { scheme: "file", pattern: "**/*.tf" },
      { scheme: "file", language: "yaml" },
      { scheme: "file", language: "json" },
    ],
    initializationOptions: settings(),
  };
  return new LanguageClient("palisade", "Palisade", serverOptions, clientOptions);
}

async function start(): Promise<void> {
  client = createClient();
  try {
    await client.start();
  } catch (e) {
    void vscode.window.showErrorMessage(
      `Palisade: cannot start the language server (${String(e)}). Set palisade.path to the palisade binary.`,
    );
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    await running.stop();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("palisade.restart", async () => {
      await stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration("palisade")) {
        return;
      }
      if (e.affectsConfiguration("palisade.path")) {
        await stop();
        await start();
      } else if (client?.isRunning()) {
        await client.sendNotification("workspace/didChangeConfiguration", {
          settings: { palisade: settings() },
        });
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}
